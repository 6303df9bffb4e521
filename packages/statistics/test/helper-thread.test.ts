// A computation shared with a helper thread: both results, and every failure of the thread as a rejection.
import { describe, expect, it } from 'vitest';

import { alongsideHelperThread } from '../src/helper-thread.js';

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
