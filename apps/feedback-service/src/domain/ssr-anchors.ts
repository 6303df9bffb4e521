// The SSR anchor statements are configuration: a JSON file of anchor sets (the shipped English sets
// in apps/feedback-service/ssr/anchors.en.json unless SSR_ANCHORS_FILE names another), checked at
// start-up so a broken file stops the service with a message that names it.
import { readFileSync } from 'node:fs';

import { ConfigError } from '@persona-lab/service-kit';
import { ANCHORS_PER_SET } from '@persona-lab/statistics';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

import type { AnchorSet } from './ssr-rater.js';

/** src/domain and dist/domain are both two folders below the package, next to ssr/. */
export const SHIPPED_ANCHORS_FILE = new URL('../../ssr/anchors.en.json', import.meta.url);

const Statement = Type.String({ minLength: 1, maxLength: 2_000, pattern: '\\S' });
const AnchorFile = Type.Object({
  description: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  sets: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 100 }),
      statements: Type.Array(Statement, { minItems: ANCHORS_PER_SET, maxItems: ANCHORS_PER_SET }),
    }),
    // The gateway embeds at most 64 texts per call; the anchors go in one.
    { minItems: 1, maxItems: 12 },
  ),
});
type AnchorFile = Static<typeof AnchorFile>;

export function loadAnchorSets(file: string | URL = SHIPPED_ANCHORS_FILE): AnchorSet[] {
  const name = `SSR_ANCHORS_FILE (${file instanceof URL ? file.pathname : file})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${name} cannot be read as JSON: ${(error as Error).message}`]);
  }
  if (!Value.Check(AnchorFile, parsed)) {
    const problems = [...Value.Errors(AnchorFile, parsed)].map((e) => `${name}${e.instancePath || '/'} ${e.message}`);
    throw new ConfigError(problems);
  }
  return (parsed as AnchorFile).sets.map(({ id, statements }) => ({ id, statements }));
}
