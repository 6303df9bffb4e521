import type { PanelQuestionPage, PanelQuestionSummary, SessionProgressEvent } from '@persona-lab/contracts';
import { act, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';

import { ids, study } from '../../../test/fixtures';
import { renderWithApp } from '../../../test/render';
import { questionsQueryOptions } from '../api/questions';
import { AskPanel } from './ask-panel';

afterEach(() => vi.unstubAllGlobals());

/** A stand-in for the browser's EventSource: the test sends the server's events. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 1;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  send(event: SessionProgressEvent) {
    for (const listener of this.listeners.get('progress') ?? []) listener({ data: JSON.stringify(event) } as MessageEvent<string>);
  }
}

const questionId = '00000000-0000-4000-8000-0000000000c1';
const progress = (completed: number) => ({ total: 4, completed, failed: 0, pending: 4 - completed, cancelled: 0 });
const summary = (status: PanelQuestionSummary['status'], completed: number): PanelQuestionSummary => ({
  id: questionId,
  sessionId: ids.study,
  text: 'Where would you buy it?',
  productId: null,
  form: { kind: 'choice', min: null, max: null, minLabel: null, maxLabel: null, options: ['Online', 'In a shop'] },
  status,
  progress: progress(completed),
  createdAt: '2026-12-01T10:10:00.000Z',
  completedAt: null,
});
const page = (item: PanelQuestionSummary): PanelQuestionPage => ({ items: [item], page: 1, pageSize: 50, total: 1 });
const event = (status: PanelQuestionSummary['status'], completed: number): SessionProgressEvent => ({
  sessionId: ids.study,
  status: 'COMPLETED',
  progress: progress(4),
  questions: [{ questionId, status, progress: progress(completed) }],
});

test('follows a question’s answers on the study’s event stream and reads the questions again once it is done', async () => {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  const fetch = vi.fn(
    async () => new Response(JSON.stringify(page(summary('COMPLETED', 4))), { headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetch);
  renderWithApp(<AskPanel study={study(null, 1)} />, {
    data: [[questionsQueryOptions(ids.study).queryKey, page(summary('IN_PROGRESS', 0))]],
  });

  const bar = screen.getByRole('progressbar', { name: 'Answers to this question' });
  expect(bar).toHaveAttribute('aria-valuetext', '0 of 4 answers (0 %)');
  expect(FakeEventSource.opened.map((s) => s.url)).toEqual([`/api/feedback-sessions/${ids.study}/events`]);
  const stream = FakeEventSource.opened[0]!;

  act(() => stream.send(event('IN_PROGRESS', 3)));
  expect(bar).toHaveAttribute('aria-valuetext', '3 of 4 answers (75 %)');
  expect(stream.closed).toBe(false);
  expect(fetch).not.toHaveBeenCalled();

  act(() => stream.send(event('COMPLETED', 4)));
  expect(stream.closed).toBe(true);
  expect(await screen.findByRole('button', { name: 'Show answers' })).toBeInTheDocument();
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  expect(fetch).toHaveBeenCalledWith(`/api/feedback-sessions/${ids.study}/questions?pageSize=50`, expect.anything());
});

test('opens no event stream when no question is being answered', () => {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  renderWithApp(<AskPanel study={study(null, 1)} />, {
    data: [[questionsQueryOptions(ids.study).queryKey, page(summary('COMPLETED', 4))]],
  });
  expect(screen.getByRole('button', { name: 'Show answers' })).toBeInTheDocument();
  expect(FakeEventSource.opened).toEqual([]);
});
