// Semantic-similarity rating (SSR) of a persona's purchase statement: the statement's embedding (the
// ai-gateway returns it with the feedback) is compared with the anchor statements' embeddings, and
// packages/statistics turns their similarities into a distribution over the five-point
// purchase-likelihood scale. The anchors are embedded once per process, by their own call, and kept.
import type { ResultSsr } from '@persona-lab/contracts';
import type { CallUsage } from '@persona-lab/service-kit';
import { expectedRating, type SsrOptions, ssrPmf } from '@persona-lab/statistics';

export interface AnchorSet {
  id: string;
  /** Five statements, rating 1 first. */
  statements: string[];
}

/** Hears of every embedding call made for a rating, so its caller can store what the call cost. */
export type OnEmbedCall = (call: CallUsage) => void;

export type Embed = (texts: string[], requestId: string, onCall?: OnEmbedCall) => Promise<number[][]>;

export interface SsrRater {
  /**
   * The SSR distribution of one statement, given its embedding, and its expected rating (1..5).
   * `onCall` hears of the anchors' embedding call when this rating is the one that embedded them.
   */
  rateVector(vector: number[], requestId: string, onCall?: OnEmbedCall): Promise<ResultSsr>;
}

export function createSsrRater(embed: Embed, anchorSets: readonly AnchorSet[], options: SsrOptions = {}): SsrRater {
  let anchors: Promise<number[][][]> | undefined;

  const anchorEmbeddings = (requestId: string, onCall?: OnEmbedCall): Promise<number[][][]> => {
    anchors ??= embed(
      anchorSets.flatMap((set) => set.statements),
      requestId,
      onCall,
    ).then((vectors) => anchorSets.map((set, i) => vectors.slice(i * set.statements.length, (i + 1) * set.statements.length)));
    // A failed embedding is not kept: the next statement tries again.
    anchors.catch(() => (anchors = undefined));
    return anchors;
  };

  const rateWith = async (vector: number[], requestId: string, onCall?: OnEmbedCall): Promise<ResultSsr> => {
    const distribution = ssrPmf(vector, await anchorEmbeddings(requestId, onCall), options);
    return { distribution, expectedRating: expectedRating(distribution) };
  };

  return {
    async rateVector(vector, requestId, onCall) {
      try {
        return await rateWith(vector, requestId, onCall);
      } catch (error) {
        // A vector of another dimension than the kept anchors': the embedding model changed since they
        // were embedded. Embed the anchors again, once.
        if (!(error instanceof RangeError) || !/dimensions/.test(error.message)) throw error;
        anchors = undefined;
        return rateWith(vector, requestId, onCall);
      }
    },
  };
}
