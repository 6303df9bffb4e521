// Renders a component as the app does (TanStack Query, a router), with the server's answers the
// test gives: query data seeded by key, and fetch answering the requests the component sends.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';

import { Providers } from '../app/providers';

export function renderWithApp(ui: ReactElement, { data = [] as [readonly unknown[], unknown][], at = '/' } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  for (const [key, value] of data) client.setQueryData(key, value);
  return render(
    <Providers client={client}>
      <MemoryRouter initialEntries={[at]}>{ui}</MemoryRouter>
    </Providers>,
  );
}

/** fetch answering every request with `status` and `body` (problem+json for an error); returns the mock to inspect calls. */
export function answerFetch(status: number, body: unknown) {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  const mock = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } }));
  vi.stubGlobal('fetch', mock);
  return mock;
}

export const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]) => ({
  type: `https://persona-lab.dev/problems/${code.toLowerCase()}`,
  title: code,
  status,
  detail,
  code,
  instance: 'test-request',
  ...(errors ? { errors } : {}),
});
