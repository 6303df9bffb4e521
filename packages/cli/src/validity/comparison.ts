// The figures of the validity harness: the simulated panel against the humans on the 1–5 scale,
// for the direct rating and the SSR rating, and the negative control against the concept. Pure:
// answers in, figures out; every statistic comes from @persona-lab/statistics.
import {
  answerDistribution,
  bootstrapMean,
  type BootstrapOptions,
  bootstrapPairedMeanDifference,
  compareOrdinalDistributions,
  compareOrdinalSamples,
  distributionSd,
  expectedRating,
  type Interval,
  LIKERT_5,
  meanPmf,
  MIN_RESAMPLES,
  type Pmf,
  sampleSd,
  topTwoBox,
} from '@persona-lab/statistics';

import { intentOnFivePoints } from './gazpacho-study.js';

/** The seed of every interval of the harness (the survey's date), so a report can be reproduced. */
export const HARNESS_SEED = 20250719;
export const HARNESS_BOOTSTRAP: BootstrapOptions = { seed: HARNESS_SEED, resamples: MIN_RESAMPLES, confidence: 0.95 };

/** One completed answer of the panel: the direct 1–10 intent and, when rated, the SSR distribution. */
export interface SimulatedAnswer {
  intent: number;
  ssr: Pmf | null;
}

/** A respondent's 1–5 answer beside the answer of the persona built from them. */
export interface MatchedAnswer {
  human: number;
  simulated: SimulatedAnswer;
}

export type RatingKind = 'direct' | 'ssr';

export interface RatingComparison {
  kind: RatingKind;
  /** Respondents compared (their persona answered, and for SSR was rated). */
  n: number;
  simulatedMean: Interval;
  humanMean: Interval;
  /** mean(simulated) − mean(humans), resampling respondents with their persona. */
  meanError: Interval;
  /** Direct: sample SDs of the answers. SSR: SDs of the distributions (the mean SSR one, the humans' answer shares). */
  simulatedSd: number | null;
  humanSd: number | null;
  sdRatio: number | null;
  ksDistance: number;
  ksSimilarity: number;
  wasserstein: number;
  /** Shares 0..1 of ratings 4 or 5 (SSR: the mean of p4 + p5). */
  simulatedTopTwoBox: Interval;
  humanTopTwoBox: Interval;
  topTwoBoxError: Interval;
  /** Shares of ratings 1..5. */
  simulatedDistribution: number[];
  humanDistribution: number[];
}

const isTopTwo = (rating: number) => (rating >= 4 ? 1 : 0);

/** √(Σ p_k (k − μ)²) of a distribution over 1..5. */

/** The direct rating: each persona's intent on the 1–5 scale (`intentOnFivePoints`) against its respondent's answer. */
export function compareDirect(matched: readonly MatchedAnswer[], options: BootstrapOptions = HARNESS_BOOTSTRAP): RatingComparison {
  if (matched.length === 0) throw new RangeError('no respondent to compare');
  const simulated = matched.map((m) => intentOnFivePoints(m.simulated.intent));
  const humans = matched.map((m) => m.human);
  const distances = compareOrdinalSamples(simulated, humans, LIKERT_5);
  return {
    kind: 'direct',
    n: matched.length,
    simulatedMean: bootstrapMean(simulated, options),
    humanMean: bootstrapMean(humans, options),
    meanError: bootstrapPairedMeanDifference(simulated, humans, options),
    simulatedSd: sampleSd(simulated),
    humanSd: sampleSd(humans),
    sdRatio: distances.sdRatio,
    ksDistance: distances.ksDistance,
    ksSimilarity: 1 - distances.ksDistance,
    wasserstein: distances.wasserstein,
    simulatedTopTwoBox: bootstrapMean(simulated.map(isTopTwo), options),
    humanTopTwoBox: bootstrapMean(humans.map(isTopTwo), options),
    topTwoBoxError: bootstrapPairedMeanDifference(simulated.map(isTopTwo), humans.map(isTopTwo), options),
    simulatedDistribution: answerDistribution(simulated, LIKERT_5),
    humanDistribution: answerDistribution(humans, LIKERT_5),
  };
}

/**
 * The SSR rating: the mean of the rated personas' SSR distributions against the distribution of
 * their respondents' answers; per respondent, the expected rating and p4 + p5 against the answer.
 * Null when no answer was rated.
 */
export function compareSsr(matched: readonly MatchedAnswer[], options: BootstrapOptions = HARNESS_BOOTSTRAP): RatingComparison | null {
  const rated = matched.flatMap((m) => (m.simulated.ssr ? [{ human: m.human, pmf: m.simulated.ssr }] : []));
  if (rated.length === 0) return null;
  const humans = rated.map((r) => r.human);
  const simulatedPmf = meanPmf(rated.map((r) => r.pmf));
  const humanPmf = answerDistribution(humans, LIKERT_5);
  const distances = compareOrdinalDistributions(simulatedPmf, humanPmf, LIKERT_5);
  const expected = rated.map((r) => expectedRating(r.pmf));
  const topTwo = rated.map((r) => topTwoBox(r.pmf));
  return {
    kind: 'ssr',
    n: rated.length,
    simulatedMean: bootstrapMean(expected, options),
    humanMean: bootstrapMean(humans, options),
    meanError: bootstrapPairedMeanDifference(expected, humans, options),
    simulatedSd: distributionSd(simulatedPmf, LIKERT_5),
    humanSd: distributionSd(humanPmf, LIKERT_5),
    sdRatio: distances.sdRatio,
    ksDistance: distances.ksDistance,
    ksSimilarity: 1 - distances.ksDistance,
    wasserstein: distances.wasserstein,
    simulatedTopTwoBox: bootstrapMean(topTwo, options),
    humanTopTwoBox: bootstrapMean(humans.map(isTopTwo), options),
    topTwoBoxError: bootstrapPairedMeanDifference(topTwo, humans.map(isTopTwo), options),
    simulatedDistribution: simulatedPmf,
    humanDistribution: humanPmf,
  };
}

export interface ControlCheck {
  kind: RatingKind;
  /** Mean rating (1–5) of the concept and of the negative control, each over its own answers. */
  concept: Interval;
  control: Interval;
  /** The control scores lower and the two intervals do not overlap. */
  discriminates: boolean;
}

function controlCheck(kind: RatingKind, concept: number[], control: number[], options: BootstrapOptions): ControlCheck | null {
  if (concept.length === 0 || control.length === 0) return null;
  const conceptMean = bootstrapMean(concept, options);
  const controlMean = bootstrapMean(control, options);
  return { kind, concept: conceptMean, control: controlMean, discriminates: controlMean.upper < conceptMean.lower };
}

/** The negative control against the concept, on the direct and on the SSR rating (null where there is nothing to compare). */
export function checkNegativeControl(
  concept: readonly SimulatedAnswer[],
  control: readonly SimulatedAnswer[],
  options: BootstrapOptions = HARNESS_BOOTSTRAP,
): Record<RatingKind, ControlCheck | null> {
  const direct = (answers: readonly SimulatedAnswer[]) => answers.map((a) => intentOnFivePoints(a.intent));
  const ssr = (answers: readonly SimulatedAnswer[]) => answers.flatMap((a) => (a.ssr ? [expectedRating(a.ssr)] : []));
  return {
    direct: controlCheck('direct', direct(concept), direct(control), options),
    ssr: controlCheck('ssr', ssr(concept), ssr(control), options),
  };
}
