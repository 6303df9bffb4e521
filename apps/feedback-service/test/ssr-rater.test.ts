// The SSR rater: anchors embedded once, a statement rated from its given embedding, values computed by hand.
import { describe, expect, it } from 'vitest';

import { loadAnchorSets } from '../src/domain/ssr-anchors.js';
import { createSsrRater, type Embed } from '../src/domain/ssr-rater.js';

const SQRT_HALF = Math.SQRT1_2;

// A statement along x; anchors at cos −1, 0, 0, 1/√2 and 1 from it:
//   γ = (1 + cos) / 2 = 0, .5, .5, (1 + 1/√2)/2 = .853553, 1;  minimum 0, sum 2.853553
//   p = γ / 2.853553 = 0, .175220, .175220, .299119, .350440;  E = Σ k p_k = 3.824780
const ANCHORS: Record<string, number[]> = {
  a1: [-1, 0, 0],
  a2: [0, 1, 0],
  a3: [0, 0, 1],
  a4: [SQRT_HALF, SQRT_HALF, 0],
  a5: [1, 0, 0],
};
const SETS = [
  { id: 'one', statements: ['a1', 'a2', 'a3', 'a4', 'a5'] },
  { id: 'two', statements: ['a1', 'a2', 'a3', 'a4', 'a5'] },
];

/** A statement's embedding along x. */
const X = [1, 0, 0];

function recordingEmbed(vectors: Record<string, number[]>) {
  const calls: string[][] = [];
  const embed: Embed = async (texts) => {
    calls.push(texts);
    return texts.map((t) => vectors[t] ?? [1, 0, 0]);
  };
  return { calls, embed };
}

describe('SSR rater', () => {
  it('rates a statement as the reference does, embedding the anchors once and never the statement', async () => {
    const { calls, embed } = recordingEmbed(ANCHORS);
    const rater = createSsrRater(embed, SETS);
    const first = await rater.rateVector(X, 'r1');
    expect(first.distribution.map((p) => Number(p.toFixed(6)))).toEqual([0, 0.17522, 0.17522, 0.299119, 0.35044]);
    expect(first.expectedRating).toBeCloseTo(3.82478, 5);
    await rater.rateVector(X, 'r2');
    // One call with the ten anchor statements; the statements came embedded.
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(10);
  });

  it('applies ε and temperature from its options', async () => {
    // ε = .5 at the minimum (rating 1): p = (γ + ε δ) / (2.853553 + .5) = .5/3.353553 = .149096, .149096, .149096, .254522, .298191
    const { embed } = recordingEmbed(ANCHORS);
    const withEpsilon = await createSsrRater(embed, SETS, { epsilon: 0.5 }).rateVector(X, 'r');
    expect(withEpsilon.distribution.map((p) => Number(p.toFixed(6)))).toEqual([0.149096, 0.149096, 0.149096, 0.254522, 0.298191]);
    // T = .5: p² renormalised: 0, .030702, .030702, .089472, .122809 → sum .273686 → 0, .11218, .11218, .32692, .44872
    const cooler = await createSsrRater(embed, SETS, { temperature: 0.5 }).rateVector(X, 'r');
    expect(cooler.distribution.map((p) => Number(p.toFixed(5)))).toEqual([0, 0.11218, 0.11218, 0.32692, 0.44872]);
  });

  it('embeds the anchors again when the embedding model changed their dimension', async () => {
    let dimension = 3;
    const calls: number[] = [];
    const rater = createSsrRater(async (texts) => {
      calls.push(texts.length);
      return texts.map((t) => {
        const v = ANCHORS[t]!;
        return dimension === 3 ? v : [...v, 0];
      });
    }, SETS);
    await rater.rateVector(X, 'r');
    dimension = 4;
    const after = await rater.rateVector([...X, 0], 'r');
    expect(after.expectedRating).toBeCloseTo(3.82478, 5);
    expect(calls).toEqual([10, 10]);
  });

  it('does not keep a failed anchor embedding', async () => {
    let fail = true;
    const rater = createSsrRater(async (texts) => {
      if (fail && texts.length === 10) throw new Error('gateway down');
      return texts.map((t) => ANCHORS[t] ?? [1, 0, 0]);
    }, SETS);
    await expect(rater.rateVector(X, 'r')).rejects.toThrow('gateway down');
    fail = false;
    await expect(rater.rateVector(X, 'r')).resolves.toMatchObject({ expectedRating: expect.any(Number) });
  });
});

describe('anchor sets', () => {
  it('ships at least two English sets of five statements', () => {
    const sets = loadAnchorSets();
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (const set of sets) expect(set.statements).toHaveLength(5);
  });

  it('refuses a file that is not five statements per set, naming the file and the place', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'anchors-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ sets: [{ id: 'x', statements: ['a', 'b'] }] }));
    expect(() => loadAnchorSets(file)).toThrow(/SSR_ANCHORS_FILE \(.*bad\.json\)\/sets\/0\/statements/);
    await writeFile(file, '{ not json');
    expect(() => loadAnchorSets(file)).toThrow(/cannot be read as JSON/);
  });
});
