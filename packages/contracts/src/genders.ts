// How a model's free-text gender maps to the contract's Gender. Shared by the ai-gateway, which accepts
// an answer whose gender agrees with the request in any of these spellings, and the persona-service,
// which stores what the gateway let through as the same value.
import type { Gender } from './http/personas.js';

const GENDER_WORDS: Record<string, Gender> = {
  f: 'FEMALE',
  female: 'FEMALE',
  woman: 'FEMALE',
  women: 'FEMALE',
  girl: 'FEMALE',
  lady: 'FEMALE',
  feminine: 'FEMALE',
  she: 'FEMALE',
  m: 'MALE',
  male: 'MALE',
  man: 'MALE',
  men: 'MALE',
  boy: 'MALE',
  gentleman: 'MALE',
  masculine: 'MALE',
  he: 'MALE',
};

/** "female", "Woman", "F", "cis woman", "she/her" → FEMALE; no word or words of both → undefined. */
export function genderOf(text: string): Gender | undefined {
  const said = new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).map((word) => GENDER_WORDS[word]).filter(Boolean));
  return said.size === 1 ? [...said][0] : undefined;
}
