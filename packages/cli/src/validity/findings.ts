// From a finished harness session to its findings: each respondent's answer beside the answer of
// the persona built from them, the negative control's answers, and how faithful the panel is.
import type { FeedbackResult, FeedbackSession, Product } from '@persona-lab/contracts';

import { checkNegativeControl, compareDirect, compareSsr, type MatchedAnswer, type SimulatedAnswer } from './comparison.js';
import { personaRequestFor } from './gazpacho-study.js';
import type { Respondent } from './gazpacho-survey.js';
import type { HarnessFindings, PanelFidelity, ReportProduct, RespondentRow } from './report.js';

export interface Panel {
  /** The persona built from each respondent, by persona id. */
  respondentOf: Map<string, Respondent>;
  failures: { respondent: number; reason: string }[];
}

function answerOf(result: FeedbackResult): SimulatedAnswer | undefined {
  if (result.status !== 'COMPLETED' || result.purchaseIntent === null) return undefined;
  return { intent: result.purchaseIntent, ssr: result.ssr?.distribution ?? null };
}

/**
 * The completed answers to one product, each with its respondent, in the order of the respondents'
 * numbers: the bootstrap resamples by position, so a fixed order makes the intervals reproducible.
 */
export function answersFor(
  results: readonly FeedbackResult[],
  productId: string,
  panel: Panel,
): { respondent: Respondent; answer: SimulatedAnswer }[] {
  return results
    .flatMap((result) => {
      const respondent = panel.respondentOf.get(result.personaId);
      const answer = answerOf(result);
      return result.productId === productId && respondent && answer ? [{ respondent, answer }] : [];
    })
    .sort((a, b) => a.respondent.id - b.respondent.id);
}

/** Whether each stored persona is what was asked of it: the gender (when one was asked) and the age range. */
export function panelFidelity(results: readonly FeedbackResult[], panel: Panel): PanelFidelity {
  const profiles = new Map(results.map((r) => [r.personaId, r.persona]));
  let genderAsked = 0;
  let genderMatched = 0;
  let ageMatched = 0;
  for (const [personaId, respondent] of panel.respondentOf) {
    const profile = profiles.get(personaId);
    const asked = personaRequestFor(respondent).demographics?.gender;
    if (asked) {
      genderAsked += 1;
      if (profile?.gender === asked) genderMatched += 1;
    }
    if (profile?.age !== null && profile?.age !== undefined && profile.age >= respondent.minAge && profile.age <= respondent.maxAge) {
      ageMatched += 1;
    }
  }
  return { personas: panel.respondentOf.size, genderAsked, genderMatched, ageMatched };
}

const reportProduct = (product: Product): ReportProduct => ({ name: product.name, price: product.price, currency: product.currency });

/** One row per respondent, with their persona and its answers, so anyone can recompute the figures. */
export function respondentRows(
  results: readonly FeedbackResult[],
  respondents: readonly Respondent[],
  panel: Panel,
  products: { concept: Product; control: Product },
): RespondentRow[] {
  const personaOf = new Map([...panel.respondentOf].map(([personaId, respondent]) => [respondent.id, personaId]));
  const profiles = new Map(results.map((r) => [r.personaId, r.persona]));
  const answer = (personaId: string | undefined, productId: string) => {
    const result = results.find((r) => r.personaId === personaId && r.productId === productId);
    return (result && answerOf(result)) ?? null;
  };
  return respondents.map((respondent) => {
    const personaId = personaOf.get(respondent.id);
    const profile = personaId ? profiles.get(personaId) : undefined;
    return {
      respondent,
      personaId: personaId ?? null,
      persona: profile ? { gender: profile.gender, age: profile.age } : null,
      concept: answer(personaId, products.concept.id),
      control: answer(personaId, products.control.id),
    };
  });
}

/** The findings of a finished harness session from its view and every one of its results. */
export function findingsOf(
  session: FeedbackSession,
  results: readonly FeedbackResult[],
  respondents: readonly Respondent[],
  panel: Panel,
  products: { concept: Product; control: Product },
): HarnessFindings {
  const concept = answersFor(results, products.concept.id, panel);
  const control = answersFor(results, products.control.id, panel);
  if (concept.length === 0) throw new RangeError('no persona answered about the concept');
  const matched: MatchedAnswer[] = concept.map(({ respondent, answer }) => ({ human: respondent.rating, simulated: answer }));
  return {
    sessionId: session.id,
    completedAt: session.completedAt,
    simulated: session.insights?.simulated ?? false,
    respondents: respondents.length,
    personaFailures: panel.failures,
    concept: reportProduct(products.concept),
    control: reportProduct(products.control),
    direct: compareDirect(matched),
    ssr: compareSsr(matched),
    negativeControl: checkNegativeControl(
      concept.map((c) => c.answer),
      control.map((c) => c.answer),
    ),
    fidelity: panelFidelity(results, panel),
    rows: respondentRows(results, respondents, panel, products),
  };
}
