// How far a simulated answer distribution is from a reference (e.g. human) one on the same
// ordinal scale; the figures of the validity harness.
import { assertPmf, type Pmf } from './pmf.js';
import { answerDistribution, type OrdinalScale, sampleSd, scalePoints } from './scale.js';

export interface OrdinalComparison {
  /** max_k |F_sim(k) − F_ref(k)| over the scale points (KS similarity is 1 − this). */
  ksDistance: number;
  /** Σ_k |F_sim(k) − F_ref(k)| over the scale steps: the earth mover's distance in scale points. */
  wasserstein: number;
  /** mean_sim − mean_ref. */
  meanError: number;
  /** sd_sim / sd_ref (below 1: the simulation is less spread than the reference); null if sd_ref is 0 or undefined. */
  sdRatio: number | null;
  /** top-2-box_sim − top-2-box_ref, the top two boxes being the two highest scale points. */
  topTwoBoxError: number;
}

/** Two samples of answers; the SDs are sample SDs (n − 1). */
export function compareOrdinalSamples(simulated: readonly number[], reference: readonly number[], scale: OrdinalScale): OrdinalComparison {
  const simulatedSd = sampleSd(simulated);
  const referenceSd = sampleSd(reference);
  return {
    ...distributionDistances(answerDistribution(simulated, scale), answerDistribution(reference, scale), scale),
    sdRatio: simulatedSd === null ? null : ratio(simulatedSd, referenceSd),
  };
}

/**
 * Two distributions over the scale (e.g. a mean SSR distribution against the human answers'
 * `answerDistribution`); the SDs are those of the distributions, √(Σ p_k (k − μ)²).
 */
export function compareOrdinalDistributions(simulated: Pmf, reference: Pmf, scale: OrdinalScale): OrdinalComparison {
  return {
    ...distributionDistances(simulated, reference, scale),
    sdRatio: ratio(distributionSd(simulated, scale), distributionSd(reference, scale)),
  };
}

function distributionDistances(simulated: Pmf, reference: Pmf, scale: OrdinalScale): Omit<OrdinalComparison, 'sdRatio'> {
  const points = scalePoints(scale);
  for (const [name, pmf] of [
    ['simulated', simulated],
    ['reference', reference],
  ] as const) {
    if (pmf.length !== points.length) throw new RangeError(`${name} has ${pmf.length} points, the scale ${points.length}`);
    assertPmf(pmf, name);
  }
  let cumulativeSimulated = 0;
  let cumulativeReference = 0;
  let ksDistance = 0;
  let wasserstein = 0;
  // The last step's CDFs are both 1, so it adds nothing to either distance.
  for (let k = 0; k < points.length - 1; k++) {
    cumulativeSimulated += simulated[k]!;
    cumulativeReference += reference[k]!;
    const gap = Math.abs(cumulativeSimulated - cumulativeReference);
    ksDistance = Math.max(ksDistance, gap);
    wasserstein += gap;
  }
  const last = points.length - 1;
  return {
    ksDistance,
    wasserstein,
    meanError: distributionMean(simulated, points) - distributionMean(reference, points),
    topTwoBoxError: simulated[last]! + simulated[last - 1]! - (reference[last]! + reference[last - 1]!),
  };
}

function distributionMean(pmf: Pmf, points: readonly number[]): number {
  return pmf.reduce((sum, p, k) => sum + p * points[k]!, 0);
}

/** The SD of a distribution over the points of a scale: √Σ p_k (k − mean)². */
export function distributionSd(pmf: Pmf, scale: OrdinalScale): number {
  const points = scalePoints(scale);
  const mean = distributionMean(pmf, points);
  return Math.sqrt(pmf.reduce((sum, p, k) => sum + p * (points[k]! - mean) ** 2, 0));
}

function ratio(simulatedSd: number, referenceSd: number | null): number | null {
  return referenceSd === null || referenceSd === 0 ? null : simulatedSd / referenceSd;
}
