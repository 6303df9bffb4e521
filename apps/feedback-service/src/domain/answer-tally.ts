// Who counts as a likely buyer, which segment a persona falls in, and the running tally of a group's
// completed answers that the insights' figures are read from.
import { type SegmentDimension, UNKNOWN_SEGMENT } from '@persona-lab/contracts';
import { byCodeUnits } from '@persona-lab/db';

import { CELL, CELL_PMF, CELL_RATING, type InsightsPanel } from './insights-panel.js';

export const LIKELY_BUYER_MIN_INTENT = 7;

/** The persona fields results are broken down by, in the order segments are reported. */
export const SEGMENT_DIMENSIONS: readonly SegmentDimension[] = ['gender', 'ageGroup', 'country', 'incomeLevel'];

export const isLikelyBuyer = (intent: number) => intent >= LIKELY_BUYER_MIN_INTENT;

/** Anything answered by a persona with the stored segment fields. */
export interface WithSegmentFields {
  persona: Record<SegmentDimension, string | null>;
}

/** A persona's value of a segment dimension; "unknown" when empty. */
export const segmentValueOf = (persona: WithSegmentFields['persona'], dimension: SegmentDimension) =>
  persona[dimension]?.trim() || UNKNOWN_SEGMENT;

/**
 * The completed answers of a group, added up as they come (in persona then product order) rather
 * than kept: the figures of the whole session, of each product and of each of their segments read
 * the same 20,000 answers at most once each.
 */
export class AnswerTally {
  completed = 0;
  /** Intents are integers: their sum is exact in any order. */
  intentSum = 0;
  likelyBuyers = 0;
  rated = 0;
  /** The rated answers' SSR probabilities added point by point, in the order the answers came, as meanPmf adds them. */
  readonly pmfSums = [0, 0, 0, 0, 0];

  /** The completed answer of `cells` for product k. */
  add(cells: Float64Array, k: number, intent: number): void {
    this.completed += 1;
    this.intentSum += intent;
    if (isLikelyBuyer(intent)) this.likelyBuyers += 1;
    if (Number.isNaN(cells[k * CELL + CELL_RATING]!)) return;
    this.rated += 1;
    for (let p = 0; p < this.pmfSums.length; p++) this.pmfSums[p]! += cells[k * CELL + CELL_PMF + p]!;
  }
}

/** The panel's segment values, each dimension's in sorted order, and each persona's value per dimension. */
export interface PanelSegments {
  /** Per dimension, in SEGMENT_DIMENSIONS order. */
  values: string[][];
  /** Per persona of the panel, in its order: the index of its value in each dimension's `values`. */
  ofPersona: Uint32Array[];
}

export function panelSegmentsOf(panel: InsightsPanel): PanelSegments {
  const values = SEGMENT_DIMENSIONS.map((dimension) =>
    [...new Set(panel.personas.map(({ persona }) => segmentValueOf(persona, dimension)))].sort(byCodeUnits),
  );
  const indexes = values.map((sorted) => new Map(sorted.map((value, v) => [value, v])));
  const ofPersona = panel.personas.map(({ persona }) =>
    Uint32Array.from(SEGMENT_DIMENSIONS, (dimension, d) => indexes[d]!.get(segmentValueOf(persona, dimension))!),
  );
  return { values, ofPersona };
}
