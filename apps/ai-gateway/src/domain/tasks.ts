// The structured request behind each model call. Network providers only see the prompts built from
// it; the offline provider answers from it directly.
import type {
  AiAggregateThemesRequest,
  AiGenerateFeedbackRequest,
  AiGeneratePersonaDetailsRequest,
  AiGeneratePersonasRequest,
  AiGeneratePersonaWithNameRequest,
} from '@persona-lab/contracts';

export type AiTask =
  | { operation: 'personas'; request: AiGeneratePersonasRequest }
  | { operation: 'persona-with-name'; request: AiGeneratePersonaWithNameRequest }
  | { operation: 'persona-details'; request: AiGeneratePersonaDetailsRequest }
  | { operation: 'feedback'; request: AiGenerateFeedbackRequest }
  | { operation: 'themes'; request: AiAggregateThemesRequest };

export type AiOperation = AiTask['operation'];

/** What a call is for: picks the model override and the OpenRouter preset (chat uses only). */
export type AiUse = 'personas' | 'feedback' | 'themes' | 'embeddings';

export function useOf(operation: AiOperation): AiUse {
  if (operation === 'feedback') return 'feedback';
  if (operation === 'themes') return 'themes';
  return 'personas';
}
