// Scripted answers of the fake LLM provider for feedback-service tests: feedback whose purchase
// intent is read from a marker in the persona's bio ("intent=7"), moved by a marker in the product's
// description ("bonus=-2"), whose purchase statement is "rating=K" when the bio has that marker, and
// themes grouped by exact text; answers to panel questions read markers of the bio too (panelAnswer).
import { randomInt } from 'node:crypto';

import type { FakeReply, RecordedRequest } from '@persona-lab/testing';

export const isThemeRequest = (request: RecordedRequest) => request.body?.messages?.[0]?.content.includes('Group the concerns') ?? false;

export const userPrompt = (request: RecordedRequest) => request.body?.messages?.find((m) => m.role === 'user')?.content ?? '';

/**
 * Calls in flight at the provider per group of persona markers ("big" of "(big-3" in a bio), the most
 * seen at once, and the groups in the order the calls arrived. `answerAfter(delayMs, slowed)` is a
 * fallback that answers the calls `slowed` keeps after `delayMs`, counted, and any other at once.
 */
export function createCallCounter() {
  const counter = {
    inFlight: new Map<string, number>(),
    mostInFlight: new Map<string, number>(),
    arrivals: [] as string[],
    reset() {
      counter.inFlight = new Map();
      counter.mostInFlight = new Map();
      counter.arrivals = [];
    },
    answerAfter(delayMs: number, slowed: (request: RecordedRequest) => boolean) {
      return (request: RecordedRequest): FakeReply => {
        if (!slowed(request)) return scriptedAnswer(request);
        const group = /\((\w+)-\d+/.exec(userPrompt(request))?.[1] ?? 'other';
        counter.arrivals.push(group);
        const now = (counter.inFlight.get(group) ?? 0) + 1;
        counter.inFlight.set(group, now);
        counter.mostInFlight.set(group, Math.max(now, counter.mostInFlight.get(group) ?? 0));
        setTimeout(() => counter.inFlight.set(group, (counter.inFlight.get(group) ?? 1) - 1), delayMs);
        return { ...scriptedAnswer(request), delayMs };
      };
    },
  };
  return counter;
}

/** Provider calls per persona marker of a group ("big-3" in a bio), among the requests `counted` keeps. */
export function callsPerMarker(
  requests: RecordedRequest[],
  group: string,
  counted: (request: RecordedRequest) => boolean,
): Map<string, number> {
  const calls = new Map<string, number>();
  for (const request of requests) {
    if (!counted(request)) continue;
    const marker = new RegExp(`\\((${group}-\\d+)`).exec(userPrompt(request))?.[1];
    if (marker) calls.set(marker, (calls.get(marker) ?? 0) + 1);
  }
  return calls;
}

export const isPanelAnswerRequest = (request: RecordedRequest) =>
  request.body?.messages?.[0]?.content.includes('the researcher asks you a follow-up question') ?? false;

/**
 * A panel answer: the scale point "scale=N" of the persona's bio, the option numbered "pick=N"
 * (from 1) of the OPTIONS block, and for open questions the key point "point=<word>" of the bio.
 */
function panelAnswer(prompt: string): FakeReply {
  const options = /OPTIONS\nChoose exactly one\.\n<DATA>\n([\s\S]*?)\n<\/DATA>/
    .exec(prompt)?.[1]
    ?.split('\n')
    .map((line) => line.slice(2));
  const scale = /scale=(-?\d+)/.exec(prompt)?.[1];
  const pick = Number(/pick=(\d+)/.exec(prompt)?.[1] ?? 1);
  const point = /point=(\w+)/.exec(prompt)?.[1] ?? 'No opinion';
  return {
    content: JSON.stringify({
      answer: `My answer (${point}).`,
      key_points: [point],
      ...(scale !== undefined && prompt.includes('\nSCALE\n') ? { scale_value: Number(scale) } : {}),
      ...(options ? { choice: options[pick - 1] } : {}),
    }),
  };
}

export const isInterviewRequest = (request: RecordedRequest) =>
  request.body?.messages?.[0]?.content.includes('one-to-one research interview') ?? false;

export function scriptedAnswer(request: RecordedRequest): FakeReply {
  const prompt = userPrompt(request);
  if (isInterviewRequest(request)) {
    // The reply names the message it answers, so a test can find it in a later turn's context.
    const said = /RESEARCHER SAYS\n<DATA>\n([\s\S]*?)\n<\/DATA>/.exec(prompt)?.[1] ?? '';
    return { content: JSON.stringify({ reply: `Reply to "${said}".` }) };
  }
  if (isPanelAnswerRequest(request)) return panelAnswer(prompt);
  if (isThemeRequest(request)) {
    const concerns = [...prompt.matchAll(/^- (.+?)(?: \(×(\d+)\))?$/gm)].map((m) => ({ theme: m[1]!, mentions: Number(m[2] ?? 1) }));
    return { content: JSON.stringify(concerns.slice(0, 7)) };
  }
  if (prompt.includes('fail=400')) return { status: 400, body: JSON.stringify({ error: { message: 'content policy refused' } }) };
  const bonus = Number(/bonus=(-?\d+)/.exec(prompt)?.[1] ?? 0);
  const intent = Math.min(10, Math.max(1, Number(/intent=(\d+)/.exec(prompt)?.[1] ?? 5) + bonus));
  const concern = intent >= 7 ? 'Battery life' : 'Price too high';
  const statement = /rating=\d/.exec(prompt)?.[0] ?? `I would put my chances of buying it at ${intent} out of 10.`;
  return {
    content: JSON.stringify({
      feedback: `Honest view with intent ${intent}.`,
      purchase_intent: intent,
      key_concerns: [concern],
      purchase_statement: statement,
    }),
  };
}

const randomWord = () => randomInt(36 ** 6).toString(36);

/**
 * Answers that nothing in the request decides: a random intent, feedback, concerns and statement,
 * and random themes of the concerns. Two equal answers to two requests can only come from a cache.
 */
export function randomAnswer(request: RecordedRequest): FakeReply {
  if (isThemeRequest(request)) {
    const concerns = [...userPrompt(request).matchAll(/^- (.+?)(?: \(×\d+\))?$/gm)].map((m) => m[1]!);
    const themes = concerns.slice(0, 7).map((concern) => ({ theme: `${concern} ${randomWord()}`, mentions: randomInt(1, 50) }));
    return { content: JSON.stringify(themes) };
  }
  const intent = randomInt(1, 11);
  return {
    content: JSON.stringify({
      feedback: `Feedback ${randomWord()} with intent ${intent}.`,
      purchase_intent: intent,
      key_concerns: [`concern ${randomWord()}`, `worry ${randomWord()}`],
      purchase_statement: `I would put my chances of buying it at ${intent} out of 10, ${randomWord()}.`,
    }),
  };
}
