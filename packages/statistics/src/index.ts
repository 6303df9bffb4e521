export {
  bootstrapInterval,
  bootstrapMean,
  bootstrapMeansTogether,
  type BootstrapOptions,
  bootstrapPairedMeanDifference,
  bootstrapProportion,
  type Interval,
  MIN_RESAMPLES,
  pairedDifferences,
  quantile,
} from './bootstrap.js';
export { compareOrdinalDistributions, compareOrdinalSamples, distributionSd, type OrdinalComparison } from './distance.js';
export { type HelperThread } from './helper-thread.js';
export { normalCdf } from './normal.js';
export { comparePaired, PAIRED_ALPHA, type PairedComparison, type PairedVerdict, pairedVerdict } from './paired.js';
export {
  bootstrapPanel,
  HELPER_THREAD_MIN_WORK,
  type ItemDifference,
  type PanelAnswers,
  type PanelBootstrapOptions,
  type PanelBootstrapRequest,
  type PanelGroupIntervals,
  type PanelIntervals,
  startPanelHelperThread,
} from './panel-bootstrap.js';
export { assertPmf, expectedRating, meanPmf, type Pmf, topTwoBox } from './pmf.js';
export { createSeededRandom, type SeededRandom } from './random.js';
export { isSmallSample, SMALL_SAMPLE_THRESHOLD } from './sample-size.js';
export { answerDistribution, INTENT_10, LIKERT_5, type OrdinalScale, sampleSd, scalePoints } from './scale.js';
export { type SpreadDiagnostics, spreadDiagnostics } from './spread.js';
export { ANCHORS_PER_SET, scalePmf, type SsrOptions, ssrPmf } from './ssr.js';
export { WILCOXON_EXACT_MAX_N, type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon.js';
