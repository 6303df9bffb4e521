export { assertPmf, expectedRating, meanPmf, topTwoBox, type Pmf } from './pmf.js';
export { ANCHORS_PER_SET, scalePmf, ssrPmf, type SsrOptions } from './ssr.js';
export { createSeededRandom, type SeededRandom } from './random.js';
export {
  bootstrapInterval,
  bootstrapMean,
  bootstrapPairedMeanDifference,
  bootstrapProportion,
  MIN_RESAMPLES,
  pairedDifferences,
  quantile,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.js';
export { isSmallSample, SMALL_SAMPLE_THRESHOLD } from './sample-size.js';
export { normalCdf } from './normal.js';
export { WILCOXON_EXACT_MAX_N, wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon.js';
export { comparePaired, pairedVerdict, type PairedComparison, type PairedVerdict } from './paired.js';
export { answerDistribution, INTENT_10, LIKERT_5, sampleSd, scalePoints, type OrdinalScale } from './scale.js';
export { spreadDiagnostics, type SpreadDiagnostics } from './spread.js';
export { compareOrdinalDistributions, compareOrdinalSamples, type OrdinalComparison } from './distance.js';
