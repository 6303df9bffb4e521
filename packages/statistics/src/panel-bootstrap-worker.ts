// The helper thread of bootstrapPanel: resamples the groups it is given (its workerData) and posts
// their intervals. A failure is thrown, and reaches the caller as the worker's error.
import { parentPort, workerData } from 'node:worker_threads';

import { type GroupsJob, resampleGroups } from './panel-groups.js';

parentPort!.postMessage(resampleGroups(workerData as GroupsJob));
