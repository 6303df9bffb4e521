// Semantic-similarity rating (SSR) of a persona's purchase statement: the statement and the anchor
// statements are embedded by the ai-gateway, and packages/statistics turns their similarities into a
// distribution over the five-point purchase-likelihood scale. The anchors are embedded once per
// process and kept; a statement costs one embedding call.
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
   * The SSR distribution of one statement and its expected rating (1..5). `onCall` hears of the
   * statement's embedding call, and of the anchors' when this rating is the one that embedded them.
   */
  rate(statement: string, requestId: string, onCall?: OnEmbedCall): Promise<ResultSsr>;
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

  const rateWith = async (statement: string, requestId: string, onCall?: OnEmbedCall): Promise<ResultSsr> => {
    const [sets, [vector]] = await Promise.all([anchorEmbeddings(requestId, onCall), embed([statement], requestId, onCall)]);
    const distribution = ssrPmf(vector!, sets, options);
    return { distribution, expectedRating: expectedRating(distribution) };
  };

  return {
    async rate(statement, requestId, onCall) {
      try {
        return await rateWith(statement, requestId, onCall);
      } catch (error) {
        // Vectors of another dimension than the kept anchors': the embedding model changed since they
        // were embedded. Embed the anchors again, once.
        if (!(error instanceof RangeError) || !/dimensions/.test(error.message)) throw error;
        anchors = undefined;
        return rateWith(statement, requestId, onCall);
      }
    },
  };
}
