// How varied a batch of personas is: distinct names, and the mean pairwise similarity of their
// bios (Jaccard similarity of their word sets: 0 = nothing in common, 1 = the same words).

export interface DiversitySummary {
  personas: number;
  distinctNames: number;
  meanBioSimilarity: number;
}

function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export function summariseDiversity(personas: { name: string | null; detailedBio: string | null }[]): DiversitySummary {
  const names = new Set(personas.map((p) => p.name?.trim().toLowerCase()).filter((n): n is string => Boolean(n)));
  // Bios not written yet (queued personas) are not compared: they would count as identical.
  const bios = personas.filter((p) => p.detailedBio?.trim()).map((p) => wordsOf(p.detailedBio!));
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < bios.length; i += 1) {
    for (let j = i + 1; j < bios.length; j += 1) {
      total += jaccard(bios[i]!, bios[j]!);
      pairs += 1;
    }
  }
  return {
    personas: personas.length,
    distinctNames: names.size,
    meanBioSimilarity: pairs === 0 ? 0 : Math.round((total / pairs) * 1000) / 1000,
  };
}
