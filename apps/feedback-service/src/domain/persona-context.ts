// What a persona said before in a session, as the context of its answers to questions and of its
// interview turns: its completed feedback on the session's products (or one of them), in the
// session's product order.
import type { AiAnswerQuestionRequest } from '@persona-lab/contracts';
import type { PrismaClient } from '@persona-lab/db';

export type EarlierFeedback = AiAnswerQuestionRequest['earlierFeedback'];

export async function earlierFeedbackOf(
  db: PrismaClient,
  sessionId: string,
  personaId: string,
  productId: string | null,
): Promise<EarlierFeedback> {
  const results = await db.feedbackResult.findMany({
    where: { sessionId, personaId, status: 'COMPLETED', ...(productId ? { productId } : {}) },
    include: { product: { select: { name: true, sessionProducts: { where: { sessionId }, select: { position: true } } } } },
  });
  return results
    .filter((r) => r.feedback && r.purchaseIntent !== null)
    .sort((a, b) => (a.product.sessionProducts[0]?.position ?? 0) - (b.product.sessionProducts[0]?.position ?? 0))
    .map((r) => ({ productName: r.product.name, feedback: r.feedback!, purchaseIntent: r.purchaseIntent!, keyConcerns: r.keyConcerns }));
}
