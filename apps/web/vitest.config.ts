// Two projects: the web app's server and end-to-end tests in Node, the console's component tests in
// jsdom. The settings of ../../vitest.shared.ts are repeated rather than merged: merging would add its
// include patterns to each project's own.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const source = { resolve: { conditions: ['source'] }, ssr: { resolve: { conditions: ['source'] } } };

export default defineConfig({
  test: {
    projects: [
      {
        ...source,
        test: { name: 'server', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        ...source,
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
});
