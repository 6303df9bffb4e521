// Which of the offline provider's languages a piece of text is written in, from its script and
// its most frequent small words; the theme aggregation labels themes in the concerns' language.
import type { Language } from './phrases.js';

const STOPWORDS: Record<Exclude<Language, 'ru'>, RegExp> = {
  de: /\b(der|die|das|ist|nicht|und|ich|mein|meine|zu|für|mit|es|ob)\b/gi,
  fr: /\b(le|la|les|est|pas|et|je|mon|mes|pour|avec|des|un|une|de)\b/gi,
  es: /\b(el|la|los|las|es|no|y|mi|mis|para|con|de|que|lo)\b/gi,
  en: /\b(the|is|not|and|i|my|for|with|to|it|of|a|too)\b/gi,
};

/** The most likely of the offline languages for a piece of text. */
export function languageOf(text: string): Language {
  if (/[\u0400-\u04FF]/.test(text)) return 'ru';
  let best: Language = 'en';
  let bestScore = 0;
  for (const [language, pattern] of Object.entries(STOPWORDS) as [Language, RegExp][]) {
    const score = text.match(pattern)?.length ?? 0;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
