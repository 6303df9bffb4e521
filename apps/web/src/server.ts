import { startService } from '@persona-lab/service-kit';

import { buildApp } from './app.js';
import { readConfig } from './config.js';

await startService('web', readConfig, buildApp);
