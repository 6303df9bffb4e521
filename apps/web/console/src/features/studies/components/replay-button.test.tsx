import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';

import { ids } from '../../../test/fixtures';
import { answerFetch, problem, renderWithApp } from '../../../test/render';
import { ReplayButton } from './replay-button';

afterEach(() => vi.unstubAllGlobals());

const replayId = '00000000-0000-4000-8000-000000000009';

function renderButton() {
  renderWithApp(
    <Routes>
      <Route path="/" element={<ReplayButton studyId={ids.study} />} />
      <Route path="/studies/:id" element={<p>The replay’s page</p>} />
    </Routes>,
  );
}

test('replays the study with a fresh idempotency key, disabled while it runs, and opens the new study', async () => {
  let answer!: (response: Response) => void;
  const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
  vi.stubGlobal('fetch', fetch);
  renderButton();

  await userEvent.click(screen.getByRole('button', { name: 'Replay this study' }));

  expect(screen.getByRole('button', { name: 'Replaying…' })).toBeDisabled();
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe(`/api/feedback-sessions/${ids.study}/replay`);
  expect(init.method).toBe('POST');
  expect((init.headers as Record<string, string>)['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

  answer(
    new Response(JSON.stringify({ sessionId: replayId, status: 'IN_PROGRESS', progress: {} }), {
      status: 202,
      headers: { 'content-type': 'application/json' },
    }),
  );
  expect(await screen.findByText('The replay’s page')).toBeInTheDocument();
});

test('shows the API’s refusal and sends a new key on the next click', async () => {
  const fetch = answerFetch(
    409,
    problem(409, 'CONFLICT', 'The session was started before sessions had seeds; it cannot be replayed exactly'),
  );
  renderButton();

  await userEvent.click(screen.getByRole('button', { name: 'Replay this study' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('it cannot be replayed exactly');
  expect(screen.getByRole('button', { name: 'Replay this study' })).toBeEnabled();

  await userEvent.click(screen.getByRole('button', { name: 'Replay this study' }));
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
  const keys = fetch.mock.calls.map(
    (call) => ((call as unknown as [string, RequestInit])[1].headers as Record<string, string>)['idempotency-key'],
  );
  expect(keys[0]).not.toBe(keys[1]);
});
