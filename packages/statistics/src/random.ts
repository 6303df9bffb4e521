// A seeded source of random indices, so every resampling is reproducible from its seed.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface SeededRandom {
  /** A uniformly drawn integer in [0, size). */
  index(size: number): number;
}

/** xoroshiro128+ seeded with a 32-bit integer; the same seed gives the same sequence on every machine. */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`the seed must be an integer, got ${seed}`);
  const generator = xoroshiro128plus(seed | 0);
  return {
    index(size) {
      if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
      return uniformInt(generator, 0, size - 1);
    },
  };
}
