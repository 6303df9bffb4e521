// Prompt that groups every concern of a session into its main themes with mention counts.
import type { ChatMessage, Sampling } from '../../providers/types.js';
import { DATA_RULE, dataBlock } from './data-block.js';

export const THEMES_SAMPLING: Sampling = { temperature: 0.5, top_p: 0.9 };

export function buildThemeAggregationPrompt(): string {
  return `You analyse consumer research feedback. Group the concerns the user lists into the 5 to 7 most important themes.

RULES
1. A theme is a short label (2 to 6 words) naming what its concerns share.
2. "mentions" is how many of the listed concerns the theme covers; "(×N)" after a concern means it was raised N times. Each concern counts toward one theme only.
3. Merge near-duplicates and the same concern said in other words or languages.
4. Order the themes from most to least mentioned. Give fewer than 5 only when there are fewer distinct concerns.
5. Write the theme labels in the language most concerns use.
6. ${DATA_RULE}

OUTPUT FORMAT
Answer with ONLY a JSON array: no markdown code fences, no text before or after it.
[{"theme": "Price too high", "mentions": 12}, {"theme": "Battery life", "mentions": 7}]`;
}

/** Identical concerns (ignoring case and spacing) listed once with their count, most frequent first. */
export function countConcerns(concerns: string[]): { text: string; count: number }[] {
  const counts = new Map<string, { text: string; count: number }>();
  for (const concern of concerns) {
    const text = concern.trim().replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { text, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

export function buildThemesUserPrompt(concerns: string[]): string {
  const lines = countConcerns(concerns).map(({ text, count }) => `- ${text}${count > 1 ? ` (×${count})` : ''}`);
  return `CONCERNS (${concerns.length} in total)
${dataBlock(lines.join('\n'))}

Answer with the JSON array only.`;
}

export function themesMessages(concerns: string[]): ChatMessage[] {
  return [
    { role: 'system', content: buildThemeAggregationPrompt() },
    { role: 'user', content: buildThemesUserPrompt(concerns) },
  ];
}
