// The helper thread of bootstrapPanel: resamples the groups of the job it is posted and posts their
// intervals. A failure is thrown, and reaches the caller as the worker's error.
import { parentPort } from 'node:worker_threads';

import { type GroupsJob, resampleGroups } from './panel-groups.js';

parentPort!.once('message', (job: GroupsJob) => parentPort!.postMessage(resampleGroups(job)));
