// POST /personas/generate: the four strategies. The three synchronous ones store only what the
// model produced (ACTIVE); `queued` stores GENERATING rows and leaves the work to the consumer.
import { randomUUID } from 'node:crypto';

import { type GeneratedPersona, type GenerationStrategy, type PersonaGenerationRequest, spreadAges } from '@persona-lab/contracts';
import type { PersonaModel, Prisma } from '@persona-lab/db';
import { type CallUsage, Errors, recordModelCall, type RequestContext, requireActiveUser, reserveLlmCalls } from '@persona-lab/service-kit';

import type { AiFailure, GenerationDeps } from './deps.js';
import { drawNames } from './names.js';
import { queuePersonas } from './queue-personas.js';
import { genderToStore, generatedColumns, missingRequiredFields, type PersonaSource, personaSourceOf, sourceColumns } from './source.js';

export interface GenerationFailure {
  name: string | null;
  reason: string;
}

export interface GenerationOutcome {
  strategy: GenerationStrategy;
  /** True when the personas are still being generated (the queued strategy). */
  queued: boolean;
  personas: PersonaModel[];
  failures: GenerationFailure[];
}

export const DEFAULT_STRATEGY: GenerationStrategy = 'prompt-builder';

type Deps = Pick<GenerationDeps, 'db' | 'ai' | 'publisher' | 'builtInNames' | 'llmCallsPerDay'>;

/** Model calls a request starts: one for a whole batch, one per persona when each has its own call. */
export const modelCallsOf = (strategy: GenerationStrategy, count: number) =>
  strategy === 'fixed-names' || strategy === 'queued' ? count : 1;

export async function generatePersonas(
  deps: Deps,
  ownerId: string,
  request: PersonaGenerationRequest,
  context: RequestContext,
): Promise<GenerationOutcome> {
  const strategy = request.strategy ?? DEFAULT_STRATEGY;
  const source = personaSourceOf(request);
  // Before any model call: the account must be active and the day's budget must cover the calls.
  await requireActiveUser(deps.db, ownerId);
  await reserveLlmCalls(deps.db, ownerId, modelCallsOf(strategy, request.count), deps.llmCallsPerDay);
  const batch: Batch = { deps, ownerId, count: request.count, source, strategy, context };
  const outcome = await STRATEGIES[strategy](batch);
  context.log.info(
    { strategy, personas: outcome.personas.length, failures: outcome.failures.length },
    outcome.queued ? 'personas queued' : 'personas generated',
  );
  return { strategy, ...outcome };
}

interface Batch {
  deps: Deps;
  ownerId: string;
  count: number;
  source: PersonaSource;
  strategy: GenerationStrategy;
  context: RequestContext;
}

type Strategy = (batch: Batch) => Promise<Omit<GenerationOutcome, 'strategy'>>;

const STRATEGIES: Record<GenerationStrategy, Strategy> = {
  'prompt-builder': (batch) => generateInOneCall(batch, { fillAgesFromDistribution: true }),
  'single-call': (batch) => generateInOneCall(batch, { fillAgesFromDistribution: false }),
  'fixed-names': generateWithFixedNames,
  queued: queueBatch,
};

/** A whole batch failed at the gateway: 502 with the classified reason. */
function upstreamFailed(failure: AiFailure) {
  const hint = failure.retryable ? '; trying again later may help' : '';
  return new Errors.BadGateway(`Persona generation failed at the AI gateway (${failure.kind}): ${failure.message}${hint}`);
}

/**
 * prompt-builder and single-call both make one `generatePersonas` call. The gateway's contract has no
 * switch for the prompt: that operation always renders the structured DEMOGRAPHICS / PSYCHOGRAPHICS /
 * CRITICAL REQUIREMENTS prompt with the age distribution, and always runs the repair loop (invalid
 * JSON or a wrong count is sent back to the model until it answers well or its attempts run out).
 * So both send the same request; they differ only in how the answer is stored: prompt-builder keeps
 * the batch on the age distribution it asked for (a persona the model gave no age gets the age of its
 * slot), single-call stores the model's answer as it came.
 */
async function generateInOneCall(batch: Batch, options: { fillAgesFromDistribution: boolean }) {
  const { deps, count, source, context } = batch;
  let generated: GeneratedPersona[];
  let call: CallUsage;
  try {
    const answer = await deps.ai.generatePersonas({ count, ...source }, context.requestId);
    generated = answer.personas;
    call = answer.call;
  } catch (error) {
    throw upstreamFailed(deps.ai.classify(error));
  }
  await recordModelCall(deps.db, { userId: batch.ownerId, kind: 'PERSONA' }, call);
  const ages = spreadAges(source.demographics.minAge, source.demographics.maxAge, count);
  const failures: GenerationFailure[] = [];
  const drafts: ActiveDraft[] = [];
  generated.forEach((persona, i) => {
    const problem = missingRequiredFields(persona);
    if (problem) {
      failures.push({ name: persona.name?.trim() || null, reason: problem });
      return;
    }
    const columns = generatedColumns(persona);
    drafts.push({
      ...columns,
      gender: genderToStore(source.demographics.gender, persona),
      age: columns.age ?? (options.fillAgesFromDistribution ? (ages[i] ?? null) : null),
      variantNumber: i + 1,
    });
  });
  if (drafts.length === 0) throw new Errors.BadGateway(`The AI answer held no usable persona: ${failures[0]?.reason ?? 'empty answer'}`);
  return { queued: false, personas: await storeActive(batch, drafts), failures };
}

/** N distinct names, N parallel calls each forced to use its name; a failed call only loses its persona. */
async function generateWithFixedNames(batch: Batch) {
  const { deps, count, source, context } = batch;
  const { demographics, psychographics } = source;
  const names = await drawNames(deps.db, { count, country: demographics.country, gender: demographics.gender }, deps.builtInNames);
  const fallbacks = names.filter((name) => name.source !== 'country').length;
  if (fallbacks > 0) context.log.info({ fallbacks, country: demographics.country ?? null }, 'fixed names drawn with fallbacks');

  const settled = await Promise.allSettled(
    names.map((name) =>
      deps.ai.generatePersonaWithName(
        { name: name.value, demographics: { ...demographics, gender: name.gender }, psychographics },
        context.requestId,
      ),
    ),
  );
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') await recordModelCall(deps.db, { userId: batch.ownerId, kind: 'PERSONA' }, outcome.value.call);
  }
  const failures: GenerationFailure[] = [];
  const drafts: ActiveDraft[] = [];
  settled.forEach((outcome, i) => {
    const name = names[i]!;
    if (outcome.status === 'rejected') {
      const failure = deps.ai.classify(outcome.reason);
      context.log.warn({ name: name.value, kind: failure.kind, reason: failure.message }, 'fixed-name persona failed');
      failures.push({ name: name.value, reason: failure.message });
      return;
    }
    const { persona } = outcome.value;
    const problem = missingRequiredFields(persona);
    if (problem) {
      failures.push({ name: name.value, reason: problem });
      return;
    }
    // Each call asked for its name's gender, so that is the gender the persona has.
    drafts.push({ ...generatedColumns(persona), gender: genderToStore(name.gender, persona), variantNumber: i + 1 });
  });
  if (drafts.length === 0) {
    throw new Errors.BadGateway(
      `None of the ${names.length} personas could be generated: ${failures.map((f) => `${f.name}: ${f.reason}`).join('; ')}`,
    );
  }
  return { queued: false, personas: await storeActive(batch, drafts), failures };
}

/** Rows first (GENERATING, each with its age from the distribution), then one task each. */
async function queueBatch(batch: Batch) {
  const { deps, ownerId, count, source, context } = batch;
  const ages = spreadAges(source.demographics.minAge, source.demographics.maxAge, count);
  const queued = await queuePersonas(
    deps,
    ownerId,
    ages.map((age, i) => ({ ...sourceColumns(source), gender: source.demographics.gender ?? null, age, variantNumber: i + 1 })),
    context,
  );
  const ids = queued.map((persona) => persona.id);
  return { queued: true, personas: inOrderOf(ids, await deps.db.persona.findMany({ where: { id: { in: ids } } })), failures: [] };
}

type ActiveDraft = ReturnType<typeof generatedColumns> & { variantNumber: number };

async function storeActive(batch: Batch, drafts: ActiveDraft[]): Promise<PersonaModel[]> {
  const ids = drafts.map(() => randomUUID());
  const data: Prisma.PersonaCreateManyInput[] = drafts.map((draft, i) => ({
    ...sourceColumns(batch.source),
    ...draft,
    id: ids[i]!,
    ownerId: batch.ownerId,
    status: 'ACTIVE',
    generationStrategy: batch.strategy,
  }));
  return inOrderOf(ids, await batch.deps.db.persona.createManyAndReturn({ data }));
}

/** The rows in the order of `ids` (the database returns them in any order). */
function inOrderOf(ids: string[], rows: PersonaModel[]): PersonaModel[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
