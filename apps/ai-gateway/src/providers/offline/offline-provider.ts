// The built-in provider used when no key is configured: it answers every operation from the
// request itself, deterministically for a seed, and its answers go through the same parsing and
// validation as a network model's. Embeddings are a fixed lexical function of the text. Metadata
// marks them as simulated.
import type { AiTask } from '../../domain/tasks.js';
import type { ChatAnswer, ChatProvider, ChatRequest, EmbeddingAnswer } from '../types.js';
import { embedText, OFFLINE_EMBEDDING_MODEL } from './embedding.js';
import { simulateFeedback } from './feedback.js';
import { simulateInterviewReply } from './interview.js';
import { simulatePanelAnswer } from './panel-answer.js';
import { simulatePersona, simulatePersonas } from './personas.js';
import { seededRandom, stableJson } from './random.js';
import { simulateThemes } from './themes.js';

export const OFFLINE_MODEL = 'persona-lab-offline-1';

function answer(task: AiTask, seed: string): unknown {
  const random = seededRandom(seed, task.operation, stableJson(task.request));
  switch (task.operation) {
    case 'personas':
      return simulatePersonas(task.request, task.request.count, random);
    case 'persona-with-name':
      return simulatePersona(task.request, random, task.request.name);
    case 'persona-details':
      return simulatePersona(task.request, random);
    case 'feedback':
      return simulateFeedback(task.request, random);
    case 'themes':
      return simulateThemes(task.request.concerns);
    case 'panel-answer':
      return simulatePanelAnswer(task.request, random);
    case 'interview-turn':
      return simulateInterviewReply(task.request, random);
  }
}

export function createOfflineProvider(options: { seed: string }): ChatProvider {
  return {
    name: 'offline',
    simulated: true,
    modelFor: (use) => (use === 'embeddings' ? OFFLINE_EMBEDDING_MODEL : OFFLINE_MODEL),
    presetFor: () => undefined,
    async complete(request: ChatRequest): Promise<ChatAnswer> {
      return {
        content: JSON.stringify(answer(request.task, options.seed)),
        model: OFFLINE_MODEL,
        // Nothing was sent to a model, so nothing was used or paid for.
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        attempts: 1,
      };
    },
    async embed(texts: string[]): Promise<EmbeddingAnswer> {
      return {
        vectors: texts.map(embedText),
        model: OFFLINE_EMBEDDING_MODEL,
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        attempts: 1,
      };
    },
    async close() {},
  };
}
