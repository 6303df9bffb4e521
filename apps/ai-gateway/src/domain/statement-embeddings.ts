// The purchase statements of feedback answers, embedded together: the statements that miss the cache
// during one turn of the event loop go to the provider as one embeddings request (up to 64 texts),
// where each had its own. A study sends one statement per result: under load, when answers come back
// together, its embeddings requests drop from one per result towards one per burst, which spares the
// provider's rate limits and the gateway's work (issue #17: the statement's request was one of the
// gateway's three HTTP exchanges per result).
//
// Each statement is still its own embed call to its caller, the metrics and the response cache (its
// own key, as the embed operation of one text has): it gets its vector and a share of the request's
// tokens and cost in proportion to its length. Providers report usage per request, not per input, so
// a share is an estimate; the shares of one request add up to exactly what the provider reported.
import { createStatementBatcher } from '@persona-lab/db';

import type { CallContext, ChatProvider, EmbeddingAnswer } from '../providers/types.js';

/** The most texts the embed operation takes in one call, and so in one request here. */
export const STATEMENTS_PER_REQUEST = 64;

interface Asked {
  statement: string;
  context: CallContext;
}

/**
 * `total` split into integers in proportion to `weights`, adding up to `total` (largest remainder: each
 * gets the floor of its exact share, then the largest fractions one more, earlier ones first on ties).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byFraction = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction);
  for (const { index } of byFraction) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

/** Each text's part of one answer for several: its vector, its share of the usage and cost, the request's attempts. */
export function shareOut(answer: EmbeddingAnswer, texts: readonly string[]): EmbeddingAnswer[] {
  const weights = texts.map((text) => Math.max(1, text.length));
  const sum = weights.reduce((a, b) => a + b, 0);
  const prompt = apportion(answer.usage.promptTokens, weights);
  const completion = apportion(answer.usage.completionTokens, weights);
  const total = apportion(answer.usage.totalTokens, weights);
  return texts.map((_, i) => ({
    vectors: [answer.vectors[i]!],
    model: answer.model,
    usage: { promptTokens: prompt[i]!, completionTokens: completion[i]!, totalTokens: total[i]! },
    ...(answer.costUsd !== undefined ? { costUsd: (answer.costUsd * weights[i]!) / sum } : {}),
    attempts: answer.attempts,
  }));
}

/** A signal that aborts once every one of `signals` has (never, if one of them is missing). */
function whenAllAborted(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  if (signals.some((signal) => signal === undefined)) return undefined;
  const all = new AbortController();
  let waiting = signals.length;
  const leave = () => {
    if (--waiting === 0) all.abort();
  };
  for (const signal of signals as AbortSignal[]) {
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
  }
  return all.signal;
}

/**
 * One statement's embedding from the request of its turn. A caller that stops waiting (its signal)
 * leaves the request to the others (it must stop waiting on its own, see `untilAborted` in
 * operations.ts); the request is aborted once none of its callers waits for it.
 */
export function createStatementEmbeddings(provider: Pick<ChatProvider, 'embed'>) {
  const batches = createStatementBatcher<Asked, EmbeddingAnswer>(
    async (asked) => {
      const texts = asked.map((a) => a.statement);
      // The log of the first caller: the request is made for all of them.
      const signal = whenAllAborted(asked.map((a) => a.context.signal));
      const answer = await provider.embed(texts, { log: asked[0]!.context.log, ...(signal ? { signal } : {}) });
      return shareOut(answer, texts);
    },
    { maxBatchSize: STATEMENTS_PER_REQUEST },
  );
  return (statement: string, context: CallContext): Promise<EmbeddingAnswer> => batches.load({ statement, context });
}
