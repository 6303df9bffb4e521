// The response cache: answers already paid for, found again by a key over everything that decides
// an answer. Stored in PostgreSQL (ai_response_cache) so it outlives the process and is shared by
// every gateway instance; entries older than the age limit are never served, and `prune` deletes
// them and the oldest entries over the count limit. Plain SQL on the pg pool under Prisma: a
// lookup and a write through Prisma cost the gateway ~4 ms of CPU per call, ten times the rest of
// the call (issue #17). The lookup and the write are named statements, so each connection parses
// and plans them once (planning the lookup took 0.11 ms against 0.04 ms to run it); the lookups of
// one event-loop turn go out as one statement, and writes are gathered and stored by one statement
// per batch (see `put` and `flush`).
import { createHash } from 'node:crypto';

import { AiMetadata, type AiProviderName, TokenUsage } from '@persona-lab/contracts';
import { byCodeUnits, createStatementBatcher, type PgPool } from '@persona-lab/db';
import { packFloat32Vector, packVector, unpackFloat32Vector, unpackVector } from '@persona-lab/service-kit';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

import { stableJson } from '../providers/offline/random.js';
import type { ChatMessage, Sampling } from '../providers/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a cached answer keeps besides its content: the original call's figures, reported again on a hit. */
const Original = {
  model: Type.String(),
  usage: TokenUsage,
  costUsd: AiMetadata.properties.costUsd,
  /** Requests the original answer took. */
  attempts: Type.Integer({ minimum: 0 }),
};

/** A chat answer: the content the model gave and the operation accepted. */
export const CachedChatAnswer = Type.Object({ content: Type.String(), ...Original });
export type CachedChatAnswer = Static<typeof CachedChatAnswer>;

/** An embeddings answer: one vector per text, in the order of the texts. */
export const CachedEmbeddings = Type.Object({ vectors: Type.Array(Type.Array(Type.Number())), ...Original });
export type CachedEmbeddings = Static<typeof CachedEmbeddings>;

/**
 * An embeddings answer as it is stored: each vector packed (`packVector`). As JSON numbers a real
 * model's vector (1,536 of them) was parsed number by number into jsonb and printed back on every
 * read: PostgreSQL took 1.15 ms of CPU to store one, 0.36 ms packed (2,000 rows by psql; 0.08 ms with the
 * column's compression off, see the migration of 2026-12-03; issue #17). Entries stored before, with
 * `vectors`, are still read. The packed texts are plain strings here: unpacking checks each one (base64,
 * whole floats, finite values) and a text it refuses makes the entry a miss, so a base64 pattern in
 * this schema would run the same test over the same ~8 KiB twice on every hit (6.4–6.9 µs a vector).
 */
const PackedEmbeddings = Type.Object({ packedVectors: Type.Array(Type.String()), ...Original });
type PackedEmbeddings = Static<typeof PackedEmbeddings>;

/**
 * The same with 32-bit floats, half the bytes, when every value of every vector is one: a network
 * provider's always are (it computes and sends them so), and at the ceiling with 1,536-dimension
 * vectors these entries were PostgreSQL's largest cost, ~10 KiB of WAL each (pg_stat_statements,
 * issue #17). Still exact; other vectors (the offline provider's) keep 64 bits.
 */
const PackedFloat32Embeddings = Type.Object({ packedFloat32Vectors: Type.Array(Type.String()), ...Original });
type PackedFloat32Embeddings = Static<typeof PackedFloat32Embeddings>;

const readers = {
  chat: Compile(CachedChatAnswer),
  embeddings: Compile(CachedEmbeddings),
  packed: Compile(PackedEmbeddings),
  packedFloat32: Compile(PackedFloat32Embeddings),
};

function packEmbeddings({ vectors, ...original }: CachedEmbeddings): PackedEmbeddings | PackedFloat32Embeddings {
  const narrow = vectors.map(packFloat32Vector);
  if (narrow.every((packed): packed is string => packed !== undefined)) return { packedFloat32Vectors: narrow, ...original };
  return { packedVectors: vectors.map(packVector), ...original };
}

function unpackEmbeddings(
  packed: readonly string[],
  unpack: (packed: string) => number[] | undefined,
  original: Omit<CachedEmbeddings, 'vectors'>,
): CachedEmbeddings | undefined {
  const vectors = packed.map((vector) => unpack(vector));
  return vectors.every((vector): vector is number[] => vector !== undefined) ? { vectors, ...original } : undefined;
}

export interface CacheLimits {
  maxAgeDays: number;
  maxEntries: number;
}

/** When a batch of writes is stored: once it holds `maxEntries` answers, or `maxDelayMs` after its first. */
export interface WriteBatching {
  maxEntries: number;
  maxDelayMs: number;
}

export interface StoredAnswer {
  operation: string;
  provider: AiProviderName;
  model: string;
}

export interface ResponseCache {
  /** The chat answer stored under `key`, if any (an entry that no longer reads as one counts as absent). */
  getChat(key: string): Promise<CachedChatAnswer | undefined>;
  getEmbeddings(key: string): Promise<CachedEmbeddings | undefined>;
  /**
   * Stores an answer, replacing (and renewing) any under the same key: answers under one key are
   * equivalent by construction, and one that no longer passes validation must not stay in the way.
   * The answer joins the next batch; the promise settles when that batch is stored (or failed).
   */
  put(key: string, about: StoredAnswer, answer: CachedChatAnswer | CachedEmbeddings): Promise<void>;
  /**
   * Stores the answers waiting for their batch now (on shutdown, nothing is left behind); settles
   * either way, as a failure reaches the callers of the batch's puts.
   */
  flush(): Promise<void>;
  /** Deletes entries older than the age limit, then the oldest beyond the count limit; returns how many went. */
  prune(now?: Date): Promise<number>;
}

/** What decides a chat answer. `scope` names the provider's endpoint (base URL, or the offline seed). */
export interface ChatKeyParts {
  scope: string;
  provider: AiProviderName;
  model: string;
  preset?: string;
  operation: string;
  messages: ChatMessage[];
  sampling: Sampling;
  seed?: number;
}

export interface EmbeddingsKeyParts {
  scope: string;
  provider: AiProviderName;
  model: string;
  texts: string[];
}

/** Bumped when what a key covers changes, so old entries are never read under a new meaning. */
const KEY_VERSION = 1;

function sha256(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

export const chatKey = (parts: ChatKeyParts): string => sha256({ v: KEY_VERSION, kind: 'chat', ...parts });
export const embeddingsKey = (parts: EmbeddingsKeyParts): string => sha256({ v: KEY_VERSION, kind: 'embeddings', ...parts });

/**
 * Whether a chat call may be served from the cache. With a seed the caller asks for one particular
 * answer; at temperature 0 there is only one to ask for. Without either, the caller wants a fresh
 * sample each time, and a cached answer would freeze that randomness.
 */
export function isCacheable(sampling: Sampling, seed: number | undefined): boolean {
  return seed !== undefined || sampling.temperature === 0;
}

const settled = () => undefined;

/**
 * The entries under a batch of keys: one statement for the lookups of one loop turn (`createStatementBatcher`).
 * Found by key alone, each said to be fresh or not: the pool keeps one plan per statement, and with the
 * age among the conditions that plan, made on a small table, read the entries through the age index
 * (all of them, as all are recent).
 */
const READ = {
  name: 'response-cache-read-batch',
  text: 'SELECT key, answer, created_at >= $2 AS fresh FROM ai_response_cache WHERE key = ANY($1::text[])',
};

/**
 * One statement for a batch of any size (one row per element of the arrays), so it is prepared once
 * per connection. A batch holds each key once: an upsert cannot change the same row twice.
 */
const WRITE = {
  name: 'response-cache-write',
  text: `INSERT INTO ai_response_cache (key, operation, provider, model, answer, created_at)
         SELECT key, operation, provider, model, answer::jsonb, created_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
             AS entry(key, operation, provider, model, answer, created_at)
         ON CONFLICT (key) DO UPDATE SET operation = EXCLUDED.operation, provider = EXCLUDED.provider,
           model = EXCLUDED.model, answer = EXCLUDED.answer, created_at = EXCLUDED.created_at`,
};

interface PendingWrite extends StoredAnswer {
  key: string;
  answer: string;
  createdAt: Date;
}

/** Answers waiting to be stored together, each key once (the latest answer under it), and who waits on them. */
interface Batch {
  writes: Map<string, PendingWrite>;
  /** Settles when the batch is stored (or its statement failed). */
  stored: Promise<void>;
  store(): void;
  /** Stores the batch `maxDelayMs` after its first answer. */
  timer: NodeJS.Timeout;
}

export function createResponseCache(pool: PgPool, limits: CacheLimits, batching: WriteBatching): ResponseCache {
  const oldestServed = (now = new Date()) => new Date(now.getTime() - limits.maxAgeDays * DAY_MS);

  const reads = createStatementBatcher<string, unknown>(async (keys) => {
    const { rows } = await pool.query<{ key: string; answer: unknown; fresh: boolean }>({ ...READ, values: [keys, oldestServed()] });
    const answers = new Map(rows.filter((row) => row.fresh).map((row) => [row.key, row.answer]));
    return keys.map((key) => answers.get(key));
  });
  const read = (key: string) => reads.load(key);

  async function write(writes: PendingWrite[]): Promise<void> {
    // In key order, so two instances storing overlapping batches lock the rows in the same order.
    const sorted = writes.sort((a, b) => byCodeUnits(a.key, b.key));
    const column = <K extends keyof PendingWrite>(name: K) => sorted.map((entry) => entry[name]);
    await pool.query({
      ...WRITE,
      values: [column('key'), column('operation'), column('provider'), column('model'), column('answer'), column('createdAt')],
    });
  }

  let open: Batch | undefined;

  /** Stores the open batch (if any) and closes it: the next put starts another. */
  function storeOpenBatch(): Promise<void> {
    const batch = open;
    open = undefined;
    if (!batch) return Promise.resolve();
    clearTimeout(batch.timer);
    batch.store();
    return batch.stored;
  }

  function startBatch(): Batch {
    let stored!: () => void;
    let failed!: (error: unknown) => void;
    const writes = new Map<string, PendingWrite>();
    const batch: Batch = {
      writes,
      stored: new Promise<void>((resolve, reject) => {
        stored = resolve;
        failed = reject;
      }),
      store: () => void write([...writes.values()]).then(stored, failed),
      timer: setTimeout(() => void storeOpenBatch(), batching.maxDelayMs),
    };
    // Every put awaits the outcome; this keeps a failure from also counting as unhandled here.
    batch.stored.catch(() => undefined);
    return batch;
  }

  return {
    async getChat(key) {
      const answer = await read(key);
      return readers.chat.Check(answer) ? answer : undefined;
    },
    async getEmbeddings(key) {
      const answer = await read(key);
      if (readers.packedFloat32.Check(answer)) {
        const { packedFloat32Vectors, ...original } = answer;
        return unpackEmbeddings(packedFloat32Vectors, unpackFloat32Vector, original);
      }
      if (readers.packed.Check(answer)) {
        const { packedVectors, ...original } = answer;
        return unpackEmbeddings(packedVectors, unpackVector, original);
      }
      return readers.embeddings.Check(answer) ? answer : undefined;
    },
    put(key, about, answer) {
      const batch = (open ??= startBatch());
      const { operation, provider, model } = about;
      const stored = 'vectors' in answer ? packEmbeddings(answer) : answer;
      batch.writes.set(key, { key, operation, provider, model, answer: JSON.stringify(stored), createdAt: new Date() });
      return batch.writes.size >= batching.maxEntries ? storeOpenBatch() : batch.stored;
    },
    flush: () => storeOpenBatch().then(settled, settled),
    async prune(now = new Date()) {
      const expired = await pool.query('DELETE FROM ai_response_cache WHERE created_at < $1', [oldestServed(now)]);
      const overflow = await pool.query(
        `DELETE FROM ai_response_cache WHERE key IN (
           SELECT key FROM ai_response_cache ORDER BY created_at DESC, key DESC OFFSET $1
         )`,
        [limits.maxEntries],
      );
      return (expired.rowCount ?? 0) + (overflow.rowCount ?? 0);
    },
  };
}
