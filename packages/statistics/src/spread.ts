// How spread out a panel's answers are: models tend to collapse onto one answer, and these
// diagnostics show it.
import { answerDistribution, type OrdinalScale, sampleSd, scalePoints } from './scale.js';

export interface SpreadDiagnostics {
  n: number;
  mean: number;
  /** Sample SD (n − 1); null for a single answer. */
  sd: number | null;
  /** Shannon entropy −Σ p log₂ p over the scale points, in bits (0 when every answer is the same). */
  entropyBits: number;
  /** The most common answer (the lowest one when several are as common). */
  mostCommon: number;
  /** Its share of the answers. */
  mostCommonShare: number;
  /** One answer holds more than half of the answers. */
  collapsed: boolean;
}

export function spreadDiagnostics(answers: readonly number[], scale: OrdinalScale): SpreadDiagnostics {
  const shares = answerDistribution(answers, scale);
  const points = scalePoints(scale);
  let mostCommonIndex = 0;
  shares.forEach((share, i) => {
    if (share > shares[mostCommonIndex]!) mostCommonIndex = i;
  });
  const mostCommonShare = shares[mostCommonIndex]!;
  return {
    n: answers.length,
    mean: answers.reduce((sum, x) => sum + x, 0) / answers.length,
    sd: sampleSd(answers),
    entropyBits: shares.reduce((sum, p) => (p > 0 ? sum - p * Math.log2(p) : sum), 0),
    mostCommon: points[mostCommonIndex]!,
    mostCommonShare,
    collapsed: mostCommonShare > 0.5,
  };
}
