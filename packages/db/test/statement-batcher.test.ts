import { describe, expect, it } from 'vitest';

import { createStatementBatcher } from '../src/statement-batcher.js';

function recording() {
  const batches: number[][] = [];
  const batcher = createStatementBatcher<number, string>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => (key < 0 ? new Error(`no ${key}`) : `answer ${key}`));
  });
  return { batches, batcher };
}

describe('createStatementBatcher', () => {
  it('sends the calls of separate events of one loop turn as one batch, in order', async () => {
    const { batches, batcher } = recording();
    // Three timers due together run in one timers phase: three events of the same turn, as three
    // sockets read in one poll would be.
    const answers = await Promise.all(
      [1, 2, 3].map((key) => new Promise<string>((resolve) => setTimeout(() => resolve(batcher.load(key)), 0))),
    );
    expect(answers).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts a new batch for calls made after one was sent, and asks again for a key already answered', async () => {
    const { batches, batcher } = recording();
    expect(await batcher.load(1)).toBe('answer 1');
    expect(await Promise.all([batcher.load(1), batcher.load(2)])).toEqual(['answer 1', 'answer 2']);
    expect(batches).toEqual([[1], [1, 2]]);
  });

  it("rejects only the call whose key's answer is an error", async () => {
    const { batcher } = recording();
    const [good, bad] = await Promise.allSettled([batcher.load(4), batcher.load(-4)]);
    expect(good).toEqual({ status: 'fulfilled', value: 'answer 4' });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'no -4' } });
  });

  it('rejects every call of the batch when its statement fails', async () => {
    const batcher = createStatementBatcher<number, number>(() => Promise.reject(new Error('connection lost')));
    const settled = await Promise.allSettled([batcher.load(1), batcher.load(2)]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
