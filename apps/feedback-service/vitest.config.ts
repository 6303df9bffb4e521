import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// One test file at a time: the fault tests stop and restart RabbitMQ and PostgreSQL, which every
// other file of this package depends on.
export default mergeConfig(shared, defineConfig({ test: { fileParallelism: false } }));
