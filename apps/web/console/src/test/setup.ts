// Component tests: jest-dom's matchers, a clean DOM after each test, and what jsdom lacks.
import '@testing-library/jest-dom/vitest';

import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// recharts measures its container; jsdom has no layout, so a fixed size stands in.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
