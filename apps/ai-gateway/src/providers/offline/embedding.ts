// The offline provider's embedding: a lexical, hashed bag of words. Lower-cased Unicode word unigrams
// and bigrams are feature-hashed (the low bits of a hash pick the dimension, its top bit the sign, so
// collisions cancel out on average instead of piling up) into a fixed number of dimensions and L2-normalised.
// Texts that share words and word pairs come out close; it knows nothing else, in particular nothing
// about any anchor statement or data set, and it needs no seed: like a real embedding model it is
// one fixed function of the text.
export const OFFLINE_EMBEDDING_MODEL = 'persona-lab-lexical-hash-512';
export const OFFLINE_EMBEDDING_DIMENSIONS = 512;

/** Words with their combining marks and inner apostrophes ("don't", "l'été"), lower-cased. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

export function wordsOf(text: string): string[] {
  return (text.toLowerCase().normalize('NFC').match(WORD) ?? []).map((word) => word.replace(/’/g, "'"));
}

/** Unigrams and bigrams, each marked so that the word "a b" and the pair (a, b) never share a feature. */
function featuresOf(words: readonly string[]): string[] {
  const bigrams = words.slice(1).map((word, i) => `2:${words[i]} ${word}`);
  return [...words.map((word) => `1:${word}`), ...bigrams];
}

/** FNV-1a over the UTF-16 code units, finished with MurmurHash3's mixer so every bit depends on every unit. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The low bits pick the dimension (512 divides 2^32, so evenly), the top bit the sign. */
function bucketOf(feature: string): { index: number; sign: 1 | -1 } {
  const h = hash32(feature);
  return { index: h % OFFLINE_EMBEDDING_DIMENSIONS, sign: h >>> 31 === 0 ? 1 : -1 };
}

/** The unit vector of a text; a text with no words gets a fixed unit vector, so cosine is defined. */
export function embedText(text: string): number[] {
  const vector = new Array<number>(OFFLINE_EMBEDDING_DIMENSIONS).fill(0);
  for (const feature of featuresOf(wordsOf(text))) {
    const { index, sign } = bucketOf(feature);
    vector[index]! += sign;
  }
  const norm = Math.hypot(...vector);
  // A text whose features all cancelled out is treated like one without words.
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}
