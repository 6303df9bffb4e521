// Semantic-similarity rating (SSR, Maier et al. 2025, arXiv 2510.08338) as the reference
// implementation pymc-labs/semantic-similarity-rating computes it (compute.py, response_rater.py).
import { assertPmf, type Pmf } from './pmf.js';

/** The number of anchor statements in a set: one per point of the 1..5 purchase-likelihood scale. */
export const ANCHORS_PER_SET = 5;

/** Similarities that differ by no more than rounding count as equal. */
const EQUAL_SIMILARITY_TOLERANCE = 1e-12;

export interface SsrOptions {
  /** ε ≥ 0 added at the row's (first) minimum and to the denominator; 0 by default, as the reference. */
  epsilon?: number;
  /** T ≥ 0: p ↦ p^(1/T), renormalised; T = 0 is one-hot at the maximum; 1 (no scaling) by default. */
  temperature?: number;
}

/**
 * The SSR distribution of one response over the five scale points. Each anchor set (five anchor
 * embeddings, rating 1 first) gives a distribution; with several sets their mean is taken, and
 * temperature is applied to that mean, as the reference does for the 'mean' reference set.
 */
export function ssrPmf(
  responseEmbedding: readonly number[],
  anchorSets: readonly (readonly (readonly number[])[])[],
  options: SsrOptions = {},
): number[] {
  const epsilon = options.epsilon ?? 0;
  const temperature = options.temperature ?? 1;
  if (!Number.isFinite(epsilon) || epsilon < 0) throw new RangeError(`epsilon must be ≥ 0, got ${epsilon}`);
  if (anchorSets.length === 0) throw new RangeError('ssrPmf needs at least one anchor set');

  const perSet = anchorSets.map((anchors, set) => anchorSetPmf(responseEmbedding, anchors, epsilon, set));
  const mean = perSet[0]!.map((_, k) => perSet.reduce((sum, pmf) => sum + pmf[k]!, 0) / perSet.length);
  // The reference skips scaling at T = 1; p^1 renormalised would only add rounding.
  return temperature === 1 ? mean : scalePmf(mean, temperature);
}

/**
 * Temperature scaling p_k^(1/T) / Σ_j p_j^(1/T). T = 0 gives a one-hot vector at the (first)
 * maximum, unless all probabilities are equal, which the reference returns unchanged.
 */
export function scalePmf(pmf: Pmf, temperature: number): number[] {
  assertPmf(pmf);
  if (!Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError(`temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  if (temperature === 0) {
    if (pmf.every((p) => p === pmf[0])) return [...pmf];
    const argmax = pmf.indexOf(Math.max(...pmf));
    return pmf.map((_, k) => (k === argmax ? 1 : 0));
  }
  const powered = pmf.map((p) => p ** (1 / temperature));
  const total = powered.reduce((sum, p) => sum + p, 0);
  return powered.map((p) => p / total);
}

/**
 * One anchor set: γ_r = (1 + cos(response, anchor_r)) / 2, then
 * p_r = (γ_r − γ_min + ε δ_{r,ℓ}) / (Σ_j γ_j − K γ_min + ε), ℓ the first index of the minimum.
 */
function anchorSetPmf(response: readonly number[], anchors: readonly (readonly number[])[], epsilon: number, set: number): number[] {
  if (anchors.length !== ANCHORS_PER_SET) {
    throw new RangeError(`anchor set ${set} has ${anchors.length} anchors, not ${ANCHORS_PER_SET}`);
  }
  const similarities = anchors.map((anchor, r) => (1 + cosine(response, anchor, `anchor set ${set}, anchor ${r}`)) / 2);
  const minimum = Math.min(...similarities);
  const argmin = similarities.indexOf(minimum);
  const spread = similarities.reduce((sum, g) => sum + g, 0) - similarities.length * minimum;
  if (epsilon === 0 && spread <= EQUAL_SIMILARITY_TOLERANCE) {
    // The reference divides 0 by 0 here (NaN), or rounding noise by itself; a response equally
    // similar to every anchor has no rating.
    throw new RangeError(`the response is equally similar to every anchor of set ${set}; use epsilon > 0`);
  }
  const denominator = spread + epsilon;
  return similarities.map((g, r) => (g - minimum + (r === argmin ? epsilon : 0)) / denominator);
}

function cosine(a: readonly number[], b: readonly number[], name: string): number {
  if (a.length !== b.length) throw new RangeError(`${name} has ${b.length} dimensions, the response ${a.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (!(normA > 0) || !Number.isFinite(normA)) throw new RangeError('the response embedding has no direction (zero or non-finite norm)');
  if (!(normB > 0) || !Number.isFinite(normB)) throw new RangeError(`${name} has no direction (zero or non-finite norm)`);
  return dot / (Math.sqrt(normA) * Math.sqrt(normB));
}
