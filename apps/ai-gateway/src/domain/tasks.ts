// The structured request behind each model call. Network providers only see the prompts built from
// it; the offline provider answers from it directly.
import type {
  AiAggregateThemesRequest,
  AiAnswerQuestionRequest,
  AiGenerateFeedbackRequest,
  AiGeneratePersonaDetailsRequest,
  AiGeneratePersonasRequest,
  AiGeneratePersonaWithNameRequest,
  AiInterviewTurnRequest,
} from '@persona-lab/contracts';

export type AiTask =
  | { operation: 'personas'; request: AiGeneratePersonasRequest }
  | { operation: 'persona-with-name'; request: AiGeneratePersonaWithNameRequest }
  | { operation: 'persona-details'; request: AiGeneratePersonaDetailsRequest }
  | { operation: 'feedback'; request: AiGenerateFeedbackRequest }
  | { operation: 'themes'; request: AiAggregateThemesRequest }
  | { operation: 'panel-answer'; request: AiAnswerQuestionRequest }
  | { operation: 'interview-turn'; request: AiInterviewTurnRequest };

export type AiOperation = AiTask['operation'];

/** What a call is for: picks the model override and the OpenRouter preset (chat uses only). */
export type AiUse = 'personas' | 'feedback' | 'themes' | 'embeddings';

export function useOf(operation: AiOperation): AiUse {
  // A panel answer is a persona speaking about products, as feedback is: the same model and preset.
  if (operation === 'feedback' || operation === 'panel-answer' || operation === 'interview-turn') return 'feedback';
  if (operation === 'themes') return 'themes';
  return 'personas';
}
