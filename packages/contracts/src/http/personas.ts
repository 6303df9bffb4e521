import { type Static, Type } from 'typebox';

import { Page, PageQuery } from './pagination.js';
import { SESSION_MAX_PERSONAS } from './session-limits.js';
import { Nullable, StringEnum, Text } from './text.js';

export const Gender = StringEnum(['MALE', 'FEMALE']);
export type Gender = Static<typeof Gender>;

export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. DE' });

/** Who the personas are. Ages are inclusive; minAge must not exceed maxAge. */
export const Demographics = Type.Object(
  {
    gender: Type.Optional(Gender),
    country: Type.Optional(CountryCode),
    region: Type.Optional(Text(100)),
    minAge: Type.Integer({ minimum: 16, maximum: 100, default: 18 }),
    maxAge: Type.Integer({ minimum: 16, maximum: 100, default: 65 }),
    incomeLevel: Type.Optional(Text(50)),
  },
  { additionalProperties: false },
);
export type Demographics = Static<typeof Demographics>;

/** What they care about. */
export const Psychographics = Type.Object(
  {
    interests: Type.Array(Text(100), { maxItems: 20, default: [] }),
    values: Type.Array(Text(100), { maxItems: 20, default: [] }),
    traits: Type.Array(Text(100), { maxItems: 20, default: [] }),
    notes: Type.Optional(Text(2000, { description: 'Free text about the audience' })),
  },
  { additionalProperties: false },
);
export type Psychographics = Static<typeof Psychographics>;

// An enum rather than a union of literals: a wrong value then gets one clear validation message.
export const GenerationStrategy = Type.Enum(['prompt-builder', 'fixed-names', 'single-call', 'queued'], {
  description:
    'prompt-builder (one structured call), fixed-names (one call per drawn name), single-call (one call with repair), queued (asynchronous)',
});
export type GenerationStrategy = Static<typeof GenerationStrategy>;

export const PersonaGenerationRequest = Type.Object(
  {
    strategy: Type.Optional(GenerationStrategy),
    count: Type.Integer({ minimum: 1, maximum: 10 }),
    demographics: Type.Optional(Demographics),
    psychographics: Type.Optional(Psychographics),
  },
  { additionalProperties: false },
);
export type PersonaGenerationRequest = Static<typeof PersonaGenerationRequest>;

export const PersonaStatus = StringEnum(['GENERATING', 'ACTIVE', 'FAILED']);
export type PersonaStatus = Static<typeof PersonaStatus>;

export const Persona = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: PersonaStatus,
  name: Nullable(Type.String()),
  detailedBio: Nullable(Type.String()),
  productAttitudes: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  ageGroup: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  race: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  incomeLevel: Nullable(Type.String()),
  interests: Type.Array(Type.String()),
  values: Type.Array(Type.String()),
  traits: Type.Array(Type.String()),
  generationStrategy: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Persona = Static<typeof Persona>;

export const DiversitySummary = Type.Object({
  personas: Type.Integer(),
  distinctNames: Type.Integer(),
  meanBioSimilarity: Type.Number({ description: 'Mean pairwise Jaccard similarity of the bios: 0 = nothing shared, 1 = identical' }),
});
export type DiversitySummary = Static<typeof DiversitySummary>;

export const PersonaGenerationResponse = Type.Object({
  strategy: GenerationStrategy,
  personas: Type.Array(Persona),
  failures: Type.Array(Type.Object({ name: Nullable(Type.String()), reason: Type.String() })),
  diversity: DiversitySummary,
});
export type PersonaGenerationResponse = Static<typeof PersonaGenerationResponse>;

/** What the insights' segments (and the persona list's filters) call an empty persona field. */
export const UNKNOWN_SEGMENT = 'unknown';

/** A page of the user's personas, narrowed by any of the stored fields the insights' segments use. */
export const PersonaListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(PersonaStatus),
  gender: Type.Optional(Gender),
  ageGroup: Type.Optional(
    Text(32, { description: `The stored age group, as the insights' segments report it (e.g. 25-34); "${UNKNOWN_SEGMENT}" for none` }),
  ),
  country: Type.Optional(CountryCode),
});
export type PersonaListQuery = Static<typeof PersonaListQuery>;

export const PersonaPage = Page(Persona);
export const PersonaParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A target audience spread round-robin over a number of personas (feedback sessions use it). */
export const TargetAudience = Type.Object(
  {
    genders: Type.Optional(Type.Array(Gender, { minItems: 1, maxItems: 2 })),
    ageRanges: Type.Optional(
      Type.Array(Type.String({ pattern: '^\\s*\\d{1,3}\\s*(-\\s*\\d{1,3}|\\+)?\\s*$' }), {
        minItems: 1,
        maxItems: 10,
        description: 'e.g. 18-25, 26-35, 36-45, 46+',
      }),
    ),
    regions: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 20 })),
    incomeLevels: Type.Optional(Type.Array(Text(50), { minItems: 1, maxItems: 10 })),
    country: Type.Optional(CountryCode),
    psychographics: Type.Optional(Psychographics),
  },
  { additionalProperties: false },
);
export type TargetAudience = Static<typeof TargetAudience>;

/** Internal (feedback-service → persona-service): reuse matching ACTIVE personas, create and queue the rest. */
export const FindOrCreatePersonasRequest = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    audience: TargetAudience,
    count: Type.Integer({ minimum: 1, maximum: SESSION_MAX_PERSONAS }),
    requestId: Type.Optional(Type.String({ maxLength: 200 })),
    /** The session the personas are for: their generation calls count toward its cost. */
    sessionId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type FindOrCreatePersonasRequest = Static<typeof FindOrCreatePersonasRequest>;

export const FindOrCreatePersonasResponse = Type.Object({
  personas: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), status: PersonaStatus, reused: Type.Boolean() })),
});
export type FindOrCreatePersonasResponse = Static<typeof FindOrCreatePersonasResponse>;

/** The persona-service's internal routes; the service and its client both read them from here. */
export const PERSONA_SERVICE_INTERNAL_ROUTES = {
  findOrCreatePersonas: '/internal/personas/find-or-create',
} as const;
