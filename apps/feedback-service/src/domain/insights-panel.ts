// What the insights keep of a session's results while reading them page by page: per persona, its
// segment fields and a few numbers per product, and per group the concerns the theme calls will
// send. Nothing else of a result is held, so a 20,000-result session fits in about 2 MB.
import type { SegmentDimension } from '@persona-lab/contracts';
import { topTwoBox } from '@persona-lab/statistics';

/** The gateway's theme aggregation takes at most this many concerns (its contract's limit). */
export const MAX_THEME_CONCERNS = 5_000;

/** A persona's segment fields. */
export type Segments = Record<SegmentDimension, string | null>;

/** What the insights read of each result: its answer and its SSR rating. */
export interface ResultAnswer {
  productId: string;
  personaId: string;
  status: string;
  purchaseIntent: number | null;
  keyConcerns: string[];
  /** Probabilities of SSR ratings 1..5; empty when the answer was not rated. */
  ssrDistribution: number[];
  ssrRating: number | null;
}

/** A result with its persona's segment fields. */
export interface ResultForInsights extends ResultAnswer {
  persona: Segments;
}

/**
 * The state of a persona's result for a product: none; a completed answer with an intent (the
 * only kind that counts in a statistic); failed; other (pending, cancelled, or completed without
 * an intent).
 */
export const CellStatus = { None: 0, Answer: 1, Failed: 2, Other: 3 } as const;

/** Per product, CELL numbers: status, intent, SSR rating, top-2-box, then the 5 SSR probabilities (NaN when unrated). */
export const CELL = 9;
export const CELL_STATUS = 0;
export const CELL_INTENT = 1;
export const CELL_RATING = 2;
export const CELL_TOP_TWO = 3;
export const CELL_PMF = 4;

export interface PersonaRecord {
  /** The persona's segment fields. */
  persona: Segments;
  cells: Float64Array;
}

/** Concerns that differ only in case and spacing are one concern. */
export const concernKey = (concern: string) => concern.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The concerns of a group as the theme aggregation receives them, counted as they come: every
 * concern in arrival order while they fit the gateway's limit, then the most frequent ones.
 */
export class ConcernTally {
  private readonly verbatim: string[] = [];
  private readonly counts = new Map<string, { text: string; count: number }>();
  private total = 0;

  constructor(private readonly limit = MAX_THEME_CONCERNS) {}

  /** `key` is the concern's {@link concernKey}, given when the caller already has it. */
  add(concern: string, key = concernKey(concern)): void {
    this.total += 1;
    if (this.total <= this.limit) this.verbatim.push(concern);
    else this.verbatim.length = 0;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { text: concern.trim(), count: 1 });
  }

  /**
   * At most `limit` concerns, the most frequent first (identical ones, ignoring case and spacing,
   * count together; equal counts in order of first appearance), so that a session with more
   * concerns than the gateway takes loses its rarest ones rather than an arbitrary tail.
   */
  forThemes(): string[] {
    if (this.total <= this.limit) return [...this.verbatim];
    const picked: string[] = [];
    for (const { text, count } of [...this.counts.values()].sort((a, b) => b.count - a.count)) {
      for (let i = 0; i < count && picked.length < this.limit; i += 1) picked.push(text);
      if (picked.length >= this.limit) break;
    }
    return picked;
  }
}

/** At most `limit` of the concerns for the theme aggregation: see {@link ConcernTally.forThemes}. */
export function concernsForThemes(concerns: readonly string[], limit: number): string[] {
  const tally = new ConcernTally(limit);
  for (const concern of concerns) tally.add(concern);
  return tally.forThemes();
}

export interface InsightsPanel {
  products: readonly { id: string; name: string }[];
  /** In the order the results came: persona by persona. */
  personas: PersonaRecord[];
  concerns: { overall: ConcernTally; byProduct: ConcernTally[] };
}

/**
 * Collects a session's results into an {@link InsightsPanel}. Results must come persona by persona
 * (each persona's results together), in the order the concerns are to be sent: persona then product.
 * Up to 20,000 results pass through at the end of a session, inside the 2 s its insights have: a
 * persona's segments are copied once per persona, a result's cell is written in place, and each
 * concern is normalised once for both tallies.
 */
export class InsightsPanelReader {
  private readonly panel: InsightsPanel;
  private readonly productIndex: Map<string, number>;
  private current: { personaId: string; record: PersonaRecord } | null = null;

  constructor(products: readonly { id: string; name: string }[]) {
    this.productIndex = new Map(products.map((product, k) => [product.id, k]));
    this.panel = { products, personas: [], concerns: { overall: new ConcernTally(), byProduct: products.map(() => new ConcernTally()) } };
  }

  /** A result, and its persona's segments (any object with those fields: a row that has them too). */
  add(result: ResultAnswer, segments: Segments): void {
    const k = this.productIndex.get(result.productId);
    // Results are created for the session's products only.
    if (k === undefined) return;
    const { cells } = this.recordOf(result.personaId, segments);
    const cell = k * CELL;
    const answered = result.status === 'COMPLETED' && result.purchaseIntent !== null;
    cells[cell + CELL_STATUS] = answered ? CellStatus.Answer : result.status === 'FAILED' ? CellStatus.Failed : CellStatus.Other;
    if (answered) {
      cells[cell + CELL_INTENT] = result.purchaseIntent!;
      if (result.ssrRating !== null && result.ssrDistribution.length === 5) {
        cells[cell + CELL_RATING] = result.ssrRating;
        cells[cell + CELL_TOP_TWO] = topTwoBox(result.ssrDistribution);
        cells.set(result.ssrDistribution, cell + CELL_PMF);
      }
    }
    if (result.status === 'COMPLETED') {
      for (const concern of result.keyConcerns) {
        const key = concernKey(concern);
        this.panel.concerns.overall.add(concern, key);
        this.panel.concerns.byProduct[k]!.add(concern, key);
      }
    }
  }

  finish(): InsightsPanel {
    return this.panel;
  }

  private recordOf(personaId: string, segments: Segments): PersonaRecord {
    if (this.current?.personaId === personaId) return this.current.record;
    const cells = new Float64Array(this.panel.products.length * CELL).fill(Number.NaN);
    for (let k = 0; k < this.panel.products.length; k++) cells[k * CELL + CELL_STATUS] = CellStatus.None;
    const { gender, ageGroup, country, incomeLevel } = segments;
    const record: PersonaRecord = { persona: { gender, ageGroup, country, incomeLevel }, cells };
    this.panel.personas.push(record);
    this.current = { personaId, record };
    return record;
  }
}

/** The panel of a list of results (tests, and callers that already hold them), persona by persona. */
export function panelOf(products: readonly { id: string; name: string }[], results: readonly ResultForInsights[]): InsightsPanel {
  const reader = new InsightsPanelReader(products);
  const order = new Map<string, number>();
  results.forEach((r) => order.set(r.personaId, order.get(r.personaId) ?? order.size));
  const sorted = results.map((r, i) => ({ r, i })).sort((a, b) => order.get(a.r.personaId)! - order.get(b.r.personaId)! || a.i - b.i);
  for (const { r } of sorted) reader.add(r, r.persona);
  return reader.finish();
}
