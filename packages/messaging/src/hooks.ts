// Callbacks through which a service counts what the broker does (Prometheus counters, for example).
// A throwing hook is logged and ignored: metrics must never change how a message is handled.
import type { FastifyBaseLogger } from 'fastify';

export interface MessageEvent {
  contract: string;
  queue: string;
  /** 1 for the first delivery; grows with each retry through a retry queue. */
  attempt: number;
  requestId: string | undefined;
}

export interface BrokerHooks {
  published?(event: { contract: string; exchange: string; routingKey: string; requestId: string }): void;
  /** The handler resolved and the message was acknowledged. */
  consumed?(event: MessageEvent & { durationMs: number }): void;
  /** The handler failed; the message waits `delayMs` in a retry queue before attempt `attempt + 1`. */
  retried?(event: MessageEvent & { delayMs: number; error: string }): void;
  /** The message went to the dead-letter queue. */
  deadLettered?(event: MessageEvent & { cause: DeadLetterCause; reason: string }): void;
}

/** invalid: failed to parse or validate; permanent: PermanentError; exhausted: out of attempts. */
export type DeadLetterCause = 'invalid' | 'permanent' | 'exhausted';

export class HookSet {
  private readonly hooks = new Set<BrokerHooks>();

  constructor(private readonly logger: FastifyBaseLogger) {}

  add(hooks: BrokerHooks): () => void {
    this.hooks.add(hooks);
    return () => this.hooks.delete(hooks);
  }

  emit<K extends keyof BrokerHooks>(name: K, event: Parameters<NonNullable<BrokerHooks[K]>>[0]): void {
    for (const hooks of this.hooks) {
      try {
        (hooks[name] as ((e: typeof event) => void) | undefined)?.(event);
      } catch (err) {
        this.logger.warn({ err, hook: name }, 'broker hook failed');
      }
    }
  }
}
