// Offline theme aggregation: each concern is put under the kind it names (in any of the offline
// languages); concerns no kind recognises are grouped by their own wording.
import type { KeyTheme } from '@persona-lab/contracts';

import { languageOf } from './language.js';
import { concernKindOf, type Language, PHRASES } from './phrases.js';

const MAX_THEMES = 7;

function majorityLanguage(concerns: string[]): Language {
  const votes = new Map<Language, number>();
  for (const concern of concerns) {
    const language = languageOf(concern);
    votes.set(language, (votes.get(language) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
}

function label(text: string): string {
  const trimmed = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.!]+$/, '');
  const short = trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
  return short.replace(/^./, (c) => c.toUpperCase());
}

export function simulateThemes(concerns: string[]): KeyTheme[] {
  const language = majorityLanguage(concerns);
  const groups = new Map<string, KeyTheme>();
  for (const concern of concerns) {
    const kind = concernKindOf(concern);
    const key = kind ?? `text:${concern.trim().toLowerCase()}`;
    const group = groups.get(key) ?? { theme: kind ? PHRASES[language].themes[kind] : label(concern), mentions: 0 };
    group.mentions++;
    groups.set(key, group);
  }
  const ranked = [...groups.values()].sort((a, b) => b.mentions - a.mentions || a.theme.localeCompare(b.theme));
  if (ranked.length <= MAX_THEMES) return ranked;
  const kept = ranked.slice(0, MAX_THEMES - 1);
  const rest = ranked.slice(MAX_THEMES - 1).reduce((sum, theme) => sum + theme.mentions, 0);
  return [...kept, { theme: PHRASES[language].themes.other, mentions: rest }];
}
