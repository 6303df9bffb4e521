// feedback-service: start a session, follow its live progress (Server-Sent Events), read and export
// it, and ask its panel a question.
import {
  type AskQuestionRequest,
  AskQuestionResponse,
  type FeedbackResult,
  type FeedbackResultListQuery,
  FeedbackResultPage,
  FeedbackSession,
  FeedbackSessionEstimate,
  Interview,
  InterviewReply,
  PanelQuestion,
  SessionProgressEvent,
  type StartFeedbackSessionRequest,
  StartFeedbackSessionResponse,
} from '@persona-lab/contracts';
import { createParser } from 'eventsource-parser';
import type { Response } from 'got';
import { Compile } from 'typebox/compile';

import { CliError, ExitCode } from '../errors.js';
import { createServiceHttp, responseError, transportError } from './http.js';

export type ExportFormat = 'csv' | 'json' | 'md';
export type ResultFilters = Omit<FeedbackResultListQuery, 'page' | 'pageSize'>;
/** Runs a call with the signed-in user's token (the CLI's `auth.run`, which signs in again once when it is rejected). */
type WithToken = <T>(call: (token: string) => Promise<T>) => Promise<T>;

const RESULT_PAGE_SIZE = 100;

/** The items of every page in turn, until a page comes back short or the total is reached. */
export async function* pagesOf<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; pageSize: number; total: number }>,
): AsyncGenerator<T> {
  let seen = 0;
  for (let page = 1; ; page += 1) {
    const { items, pageSize, total } = await fetchPage(page);
    yield* items;
    seen += items.length;
    if (items.length < pageSize || seen >= total) return;
  }
}

/** The server sends a comment every 15 s; three missed ones mean the connection is dead. */
const STREAM_IDLE_TIMEOUT_MS = 45_000;
const progressEvent = Compile(SessionProgressEvent);

export function createFeedbackApi(baseUrl: string) {
  const http = createServiceHttp({ service: 'feedback-service', baseUrl });
  const sessionPath = (id: string) => `feedback-sessions/${encodeURIComponent(id)}`;

  /**
   * The `progress` events of one session until the server ends the stream (it does once the session
   * has finished). A dropped connection ends the iteration with a ServiceUnavailableError.
   */
  async function* progressEvents(token: string, sessionId: string): AsyncGenerator<SessionProgressEvent> {
    const stream = http.stream(`${sessionPath(sessionId)}/events`, { token, idleTimeoutMs: STREAM_IDLE_TIMEOUT_MS });
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        stream.once('response', resolve);
        stream.once('error', reject);
      });
      if (response.statusCode !== 200) {
        let body = '';
        for await (const chunk of stream) body += String(chunk);
        throw responseError(http.service, response.statusCode, body, true);
      }
      const events: SessionProgressEvent[] = [];
      const parser = createParser({
        onEvent: (message) => {
          if (message.event !== 'progress') return;
          let value: unknown;
          try {
            value = JSON.parse(message.data);
          } catch {
            value = undefined;
          }
          if (!progressEvent.Check(value)) {
            throw new CliError('feedback-service sent a progress event outside its contract', ExitCode.serviceUnavailable);
          }
          events.push(value);
        },
      });
      stream.setEncoding('utf8');
      for await (const chunk of stream) {
        parser.feed(String(chunk));
        yield* events.splice(0);
      }
    } catch (error) {
      throw transportError(error, http.service, baseUrl);
    } finally {
      stream.destroy();
    }
  }

  /** One page of the session's results (`GET /feedback-sessions/:id/results`), filtered. */
  const resultPage = (token: string, id: string, query: Partial<FeedbackResultListQuery>): Promise<FeedbackResultPage> =>
    http.getJson(`${sessionPath(id)}/results`, FeedbackResultPage, { token, searchParams: { ...query } });

  return {
    start: (token: string, request: StartFeedbackSessionRequest, idempotencyKey: string): Promise<StartFeedbackSessionResponse> =>
      http.postJson('feedback-sessions', request, StartFeedbackSessionResponse, { token, headers: { 'idempotency-key': idempotencyKey } }),
    estimate: (token: string, request: StartFeedbackSessionRequest): Promise<FeedbackSessionEstimate> =>
      http.postJson('feedback-sessions/estimate', request, FeedbackSessionEstimate, { token }),
    replay: (token: string, id: string, idempotencyKey: string): Promise<StartFeedbackSessionResponse> =>
      http.postJson(`${sessionPath(id)}/replay`, {}, StartFeedbackSessionResponse, {
        token,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    get: (token: string, id: string): Promise<FeedbackSession> => http.getJson(sessionPath(id), FeedbackSession, { token }),
    cancel: (token: string, id: string): Promise<FeedbackSession> =>
      http.postJson(`${sessionPath(id)}/cancel`, {}, FeedbackSession, { token }),
    resultPage,
    /** Every result of the session that passes the filters, read page by page (100 a page). */
    results: (withToken: WithToken, id: string, filters: ResultFilters = {}): AsyncGenerator<FeedbackResult> =>
      pagesOf((page) => withToken((token) => resultPage(token, id, { ...filters, page, pageSize: RESULT_PAGE_SIZE }))),
    /** Writes the export to a file as it arrives, so a large session is never whole in memory. */
    exportTo: (token: string, id: string, format: ExportFormat, file: string): Promise<void> =>
      http.download(`${sessionPath(id)}/export`, file, { token, searchParams: { format } }),
    ask: (token: string, sessionId: string, request: AskQuestionRequest): Promise<AskQuestionResponse> =>
      http.postJson(`${sessionPath(sessionId)}/questions`, request, AskQuestionResponse, { token }),
    question: (token: string, sessionId: string, questionId: string): Promise<PanelQuestion> =>
      http.getJson(`${sessionPath(sessionId)}/questions/${encodeURIComponent(questionId)}`, PanelQuestion, { token }),
    interviewMessage: (token: string, sessionId: string, personaId: string, text: string): Promise<InterviewReply> =>
      http.postJson(`${sessionPath(sessionId)}/personas/${encodeURIComponent(personaId)}/interview`, { text }, InterviewReply, { token }),
    interview: (token: string, sessionId: string, personaId: string): Promise<Interview> =>
      http.getJson(`${sessionPath(sessionId)}/personas/${encodeURIComponent(personaId)}/interview`, Interview, { token }),
    progressEvents,
  };
}

export type FeedbackApi = ReturnType<typeof createFeedbackApi>;
