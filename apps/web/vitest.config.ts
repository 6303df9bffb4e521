// Two projects: the web app's server and end-to-end tests in Node, the console's component tests in jsdom.
import react from '@vitejs/plugin-react';
import { defineConfig, mergeConfig } from 'vitest/config';

import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: 'server', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
        {
          extends: true,
          plugins: [react()],
          test: {
            name: 'console',
            include: ['console/src/**/*.test.{ts,tsx}'],
            environment: 'jsdom',
            setupFiles: ['console/src/test/setup.ts'],
          },
        },
      ],
    },
  }),
);
