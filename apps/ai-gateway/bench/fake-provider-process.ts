// The fake LLM provider as its own process for the overhead benchmark: prints its base URL, answers
// every request with a valid feedback object and records nothing. FAKE_DELAY_MS > 0 makes it answer
// after a delay spread evenly over ±BENCH_PROVIDER_JITTER (default 50 %) of that, as a real model's
// times vary; 0 answers at once. The spread is not drawn at random: call k waits the k-th point of
// the golden-ratio sequence, which covers the range evenly in any run of calls, so the direct side and
// the gateway side of the benchmark see the same delays, and the difference of their percentiles is
// the gateway's own (random delays put ±2 ms of sampling noise on a p50 of 2,000 calls).
import { startFakeLlmProvider } from '@persona-lab/testing';

const answer = JSON.stringify({
  feedback: 'Solid boots for my weekend hikes, though the price makes me hesitate.',
  purchase_intent: 6,
  key_concerns: ['price', 'durability'],
  purchase_statement: 'I might pick them up for the weekends, but not at this price.',
});
const delayMs = Number(process.env.FAKE_DELAY_MS ?? 0);
/** Spread of the delay, as a share of it either side (0 = every answer after exactly FAKE_DELAY_MS). */
const jitter = Number(process.env.BENCH_PROVIDER_JITTER ?? 0.5);
const GOLDEN = (Math.sqrt(5) - 1) / 2;
let call = 0;
/** The next point of the sequence k·φ mod 1: evenly spread over [0, 1) in every stretch of calls. */
const nextSpread = () => (++call * GOLDEN) % 1;
const fake = await startFakeLlmProvider({
  fallback: () => ({ content: answer, delayMs: delayMs > 0 ? Math.round(delayMs * (1 - jitter + 2 * jitter * nextSpread())) : 0 }),
  record: false,
});
console.log(JSON.stringify({ baseUrl: fake.baseUrl }));
process.once('SIGTERM', () => {
  void fake.close().then(() => process.exit(0));
});
