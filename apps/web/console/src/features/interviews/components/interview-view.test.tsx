import type { Interview, InterviewTurn } from '@persona-lab/contracts';
import { useQuery } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';

import { ids } from '../../../test/fixtures';
import { answerFetch, problem, renderWithApp } from '../../../test/render';
import { interviewQueryOptions } from '../api/interviews';
import { InterviewView } from './interview-view';

afterEach(() => vi.unstubAllGlobals());

const turn = (n: number, role: InterviewTurn['role'], text: string): InterviewTurn => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  role,
  text,
  createdAt: '2026-12-01T10:10:00.000Z',
});

const interview = (turns: InterviewTurn[]): Interview => ({ sessionId: ids.study, personaId: ids.ann, personaName: 'Ann Example', turns });

/** Renders the view over the query's cached interview, as the route does, so a reply updates it. */
function renderInterview(initial: Interview) {
  const { queryKey } = interviewQueryOptions(ids.study, ids.ann);
  renderWithApp(<Cached />, { data: [[queryKey, initial]] });
}

function Cached() {
  const { data } = useCachedInterview();
  return data ? <InterviewView interview={data} /> : null;
}

const useCachedInterview = () => useQuery(interviewQueryOptions(ids.study, ids.ann));

test('shows an empty conversation and how many turns the persona remembers', () => {
  renderInterview(interview([]));
  expect(screen.getByText('No messages yet')).toBeInTheDocument();
  expect(screen.getByText(/Ann Example remembers the last 20 turns/)).toBeInTheDocument();
  expect(screen.getByLabelText('Your message')).toHaveAccessibleDescription('0 / 2,000 characters');
});

test('sends a message and shows it with the persona’s reply after the earlier turns', async () => {
  const fetch = answerFetch(200, {
    message: turn(3, 'researcher', 'And the colour?'),
    reply: turn(4, 'persona', 'Grey would suit me better.'),
    simulated: true,
  });
  renderInterview(interview([turn(1, 'researcher', 'Why a 6?'), turn(2, 'persona', 'The price is steep.')]));

  await userEvent.type(screen.getByLabelText('Your message'), '  And the colour?  ');
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));

  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe(`/api/feedback-sessions/${ids.study}/personas/${ids.ann}/interview`);
  expect(JSON.parse(init.body as string)).toEqual({ text: 'And the colour?' });
  await screen.findByText('Grey would suit me better.');
  const turns = within(screen.getByRole('list', { name: 'Conversation' })).getAllByRole('listitem');
  expect(turns.map((t) => t.querySelector('.turn-text')?.textContent)).toEqual([
    'Why a 6?',
    'The price is steep.',
    'And the colour?',
    'Grey would suit me better.',
  ]);
  expect(turns[3]).toHaveTextContent(/^Ann Example/);
  expect(turns[2]).toHaveTextContent(/^You/);
  expect(screen.getByLabelText('Your message')).toHaveValue('');
  expect(screen.getByText('2 exchanges so far')).toBeInTheDocument();
});

test('refuses an empty message without sending it', async () => {
  const fetch = answerFetch(200, {});
  renderInterview(interview([]));
  await userEvent.type(screen.getByLabelText('Your message'), '   ');
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(screen.getByLabelText('Your message')).toHaveAccessibleDescription(/Write a message of at most 2,000 characters/);
  expect(fetch).not.toHaveBeenCalled();
});

test('says why the persona could not answer and keeps the message to send again', async () => {
  answerFetch(503, problem(503, 'SERVICE_UNAVAILABLE', 'The persona could not answer just now; send the message again shortly'));
  renderInterview(interview([]));
  await userEvent.type(screen.getByLabelText('Your message'), 'Hello?');
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('send the message again shortly');
  expect(screen.getByLabelText('Your message')).toHaveValue('Hello?');
  expect(screen.getByText('No messages yet')).toBeInTheDocument();
});

test('says so once the conversation is longer than the persona remembers', () => {
  const turns = Array.from({ length: 22 }, (_, i) => turn(i + 1, i % 2 ? 'persona' : 'researcher', `Turn ${i + 1}`));
  renderInterview(interview(turns));
  expect(screen.getByText('11 exchanges so far · Ann Example now remembers only the last 20 turns')).toBeInTheDocument();
});
