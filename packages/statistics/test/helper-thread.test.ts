// A computation shared with a helper thread: both results, and every failure of the thread as a rejection.
import { describe, expect, it } from 'vitest';

import { alongsideHelperThread, startHelperThread } from '../src/helper-thread.js';

const fixture = (name: string) => new URL(`./fixtures/${name}.ts`, import.meta.url);

describe('alongsideHelperThread', () => {
  it('resolves with the calling thread’s result and the helper thread’s answer', async () => {
    await expect(alongsideHelperThread(fixture('doubling-worker'), 21, () => 'here')).resolves.toEqual(['here', 42]);
  });

  it('rejects with the error a helper thread throws', async () => {
    await expect(alongsideHelperThread(fixture('throwing-worker'), null, () => 'here')).rejects.toThrow('the fixture worker failed');
  });

  it('rejects when the helper thread exits without answering', async () => {
    await expect(alongsideHelperThread(fixture('exiting-worker'), null, () => 'here')).rejects.toThrow(
      /exited with code 3 before answering/,
    );
  });

  it('rejects when the helper thread cannot start', async () => {
    await expect(alongsideHelperThread(fixture('no-such-worker'), null, () => 'here')).rejects.toThrow(/no-such-worker/);
  });

  it('rejects with the calling thread’s error without waiting for a helper thread that never answers', async () => {
    const failing = () => {
      throw new Error('the calling thread failed');
    };
    await expect(alongsideHelperThread(fixture('silent-worker'), null, failing)).rejects.toThrow('the calling thread failed');
  });
});

describe('startHelperThread', () => {
  it('answers the input posted once the caller has it', async () => {
    const helper = startHelperThread(fixture('doubling-worker'));
    // The thread has started and waits: its input is posted later.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(helper.alongside(21, () => 'here')).resolves.toEqual(['here', 42]);
  });

  it('reports a failure of the thread before its input when the input is posted, not before', async () => {
    const helper = startHelperThread(fixture('throwing-worker'));
    // Long enough for the thread to have failed: nothing is reported as unhandled meanwhile (vitest fails the run if it is).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(helper.alongside(null, () => 'here')).rejects.toThrow('the fixture worker failed');
  });

  it('runs one computation', async () => {
    const helper = startHelperThread(fixture('doubling-worker'));
    await helper.alongside(1, () => 'here');
    await expect(helper.alongside(2, () => 'here')).rejects.toThrow(/has already run its computation/);
  });

  it('ends a thread whose computation is not needed', async () => {
    const helper = startHelperThread(fixture('doubling-worker'));
    helper.end();
    await expect(helper.alongside(21, () => 'here')).rejects.toThrow(/exited with code \d+ before answering/);
  });
});
