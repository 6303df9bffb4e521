// The fake LLM provider of the pipeline benchmarks: answers every feedback and theme call after a
// fixed latency, and records what it saw (calls in flight, when each kind of call came and went),
// so a benchmark can compare the pipeline's wall time with what the provider alone made it wait.
import { fakeEmbedding, type FakeLlmProvider, type FakeReply, type RecordedRequest, startFakeLlmProvider } from '@persona-lab/testing';

import { positiveInteger } from './settings.js';

/** First arrival and last answer of one kind of call, in ms since the epoch. */
export interface CallSpan {
  calls: number;
  firstStartMs: number;
  lastEndMs: number;
}

/** Length of the spans `ProviderProbe.meanInFlight` averages over. */
export const IN_FLIGHT_SPAN_MS = 5_000;

export interface ProviderProbe {
  /** The most calls the provider held at once since the last reset. */
  maxInFlight: number;
  /** Calls held on average in each `IN_FLIGHT_SPAN_MS` since the last reset (time-weighted), the last span partial. */
  meanInFlight: number[];
  feedback: CallSpan;
  themes: CallSpan;
}

export interface TimedProvider {
  readonly baseUrl: string;
  readonly latencyMs: number;
  /** What the provider saw (asked of the child process when it runs in one). */
  probe(): Promise<ProviderProbe>;
  /** Starts a new observation (between sessions). */
  resetProbe(): Promise<void>;
  close(): Promise<void>;
}

const emptySpan = (): CallSpan => ({ calls: 0, firstStartMs: Number.POSITIVE_INFINITY, lastEndMs: 0 });

const isThemeCall = (request: RecordedRequest) => request.body?.messages?.[0]?.content.includes('Group the concerns') ?? false;
const userPrompt = (request: RecordedRequest) => request.body?.messages?.find((m) => m.role === 'user')?.content ?? '';
const CONCERNS = ['Price too high', 'Battery life', 'Too heavy to carry', 'Unclear warranty', 'Hard to clean'];

/**
 * A valid feedback answer; intent and concern vary with the prompt so the insights are not all alike,
 * and each purchase statement is its own, as a persona's is: with one statement for all, every
 * statement's embedding after the first came from the response cache, and a benchmark left out the
 * embeddings request a real study makes for each result.
 */
function feedbackAnswer(request: RecordedRequest, sequence: number): string {
  const intent = 1 + ((userPrompt(request).length + sequence) % 10);
  return JSON.stringify({
    feedback: `An honest view from this persona, with a purchase intent of ${intent}. It would compare a few options first.`,
    purchase_intent: intent,
    key_concerns: [CONCERNS[sequence % CONCERNS.length]!],
    purchase_statement: `I would probably buy it if the price were right (answer ${sequence}).`,
  });
}

/** Themes as the gateway asked for them: each listed concern ("- text (×N)") becomes one theme. */
function themesAnswer(request: RecordedRequest): string {
  const concerns = [...userPrompt(request).matchAll(/^- (.+?)(?: \(×(\d+)\))?$/gm)].map((m) => ({
    theme: m[1]!,
    mentions: Number(m[2] ?? 1),
  }));
  return JSON.stringify(concerns.slice(0, 7));
}

/**
 * The dimension of the embeddings the provider answers (BENCH_EMBEDDING_DIMENSIONS, a multiple of the
 * fake's own 32; 1,536 is text-embedding-3-small's), dense as a real model's: the fake's (mostly zero)
 * vector repeated, plus a small vector common to every text with a value in every dimension, made unit
 * length. Each similarity stays within about 0.01 of the fake's. Asked for numbers, each value is
 * written to 8 significant digits, as a provider writes them, so the vectors are as long as a real
 * model's to parse, store and compress; asked for base64, the fake sends their 32-bit floats and the
 * rounding (a `toPrecision` per value, most of this fake's CPU at 1,536 dimensions) is skipped, as a
 * real provider's work is not on this machine. Unset, the fake's own vectors.
 */
function wideEmbeddings(): ((request: RecordedRequest) => { embeddings: number[][] }) | undefined {
  const base = fakeEmbedding('').length;
  const dimensions = positiveInteger('BENCH_EMBEDDING_DIMENSIONS', base);
  if (dimensions === base) return undefined;
  if (dimensions % base !== 0) throw new Error(`BENCH_EMBEDDING_DIMENSIONS must be a multiple of ${base} (got ${dimensions})`);
  const scale = Math.sqrt(base / dimensions);
  // Golden-ratio steps give every dimension its own value in [-1, 1) without a random source.
  const common = Array.from({ length: dimensions }, (_, i) => (0.01 * (2 * ((i * 0.6180339887) % 1) - 1)) / Math.sqrt(dimensions));
  const widen = (text: string, asNumbers: boolean) => {
    const vector = fakeEmbedding(text);
    const dense = common.map((value, i) => value + vector[i % base]! * scale);
    const norm = Math.hypot(...dense);
    return dense.map(asNumbers ? (value) => Number((value / norm).toPrecision(8)) : (value) => value / norm);
  };
  return (request) => {
    const input = request.body?.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
    const asNumbers = request.body?.encoding_format !== 'base64';
    return { embeddings: texts.map((text) => widen(text, asNumbers)) };
  };
}

export async function startTimedProvider(latencyMs: number): Promise<TimedProvider> {
  let probe: ProviderProbe = { maxInFlight: 0, meanInFlight: [], feedback: emptySpan(), themes: emptySpan() };
  let inFlight = 0;
  let sequence = 0;
  // Call-milliseconds held in each span since `observedFrom`, added up as the count changes.
  let observedFrom = Date.now();
  let countedTo = observedFrom;
  const heldMs: number[] = [];
  const count = (now: number) => {
    for (let t = countedTo; t < now;) {
      const span = Math.floor((t - observedFrom) / IN_FLIGHT_SPAN_MS);
      const spanEnd = Math.min(now, observedFrom + (span + 1) * IN_FLIGHT_SPAN_MS);
      heldMs[span] = (heldMs[span] ?? 0) + inFlight * (spanEnd - t);
      t = spanEnd;
    }
    countedTo = now;
  };
  const embeddings = wideEmbeddings();
  const provider: FakeLlmProvider = await startFakeLlmProvider({
    record: false,
    ...(embeddings ? { embeddingsFallback: embeddings } : {}),
  });

  provider.setFallback((request): FakeReply => {
    const startMs = Date.now();
    const span = isThemeCall(request) ? probe.themes : probe.feedback;
    span.calls += 1;
    span.firstStartMs = Math.min(span.firstStartMs, startMs);
    count(startMs);
    inFlight += 1;
    probe.maxInFlight = Math.max(probe.maxInFlight, inFlight);
    // The fake answers when its own timer of the same length fires, right after this one.
    setTimeout(() => {
      count(Date.now());
      inFlight -= 1;
      span.lastEndMs = Math.max(span.lastEndMs, Date.now());
    }, latencyMs);
    sequence += 1;
    return { content: isThemeCall(request) ? themesAnswer(request) : feedbackAnswer(request, sequence), delayMs: latencyMs };
  });

  return {
    baseUrl: provider.baseUrl,
    latencyMs,
    probe: async () => {
      const now = Date.now();
      count(now);
      const last = (now - observedFrom) % IN_FLIGHT_SPAN_MS || IN_FLIGHT_SPAN_MS;
      const meanInFlight = Array.from(heldMs, (ms = 0, i) => ms / (i === heldMs.length - 1 ? last : IN_FLIGHT_SPAN_MS));
      return { ...probe, meanInFlight };
    },
    resetProbe: async () => {
      probe = { maxInFlight: inFlight, meanInFlight: [], feedback: emptySpan(), themes: emptySpan() };
      observedFrom = countedTo = Date.now();
      heldMs.length = 0;
    },
    close: () => provider.close(),
  };
}
