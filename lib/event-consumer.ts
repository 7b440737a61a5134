import { hostname } from 'node:os';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { STREAM_ENTRY_FIELDS, type ConsumerGroup, type DomainEvent } from '../contracts';
import type { Logger } from './logger';
import type { TransactionalExecute, TransactionRunner } from './sql-transaction';
import { pairValue, type RawStreamEntry } from './stream-ids';

/** What a consumer group does with each event: its streams, and the effect of one event. */
export interface ConsumerDefinition {
  group: ConsumerGroup;
  /** The streams the group reads (`EVENT_STREAMS`). */
  streams: string[];
  /**
   * Applies the event's effect with `execute`, inside the transaction that records the event processed: the effect and
   * the memory of it commit together. Events the group does not care about are simply ignored.
   */
  handle: (event: DomainEvent, execute: TransactionalExecute) => Promise<void>;
}

/** Settings of one consumer (lib/config.ts gives the defaults). */
export interface EventConsumerOptions {
  definition: ConsumerDefinition;
  /** A connection of its own: reads block on it. */
  redis: Redis;
  /** Runs a function in one transaction of the consuming service's database. */
  transaction: TransactionRunner;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** This consumer's name in its group (default `<group>-<host>-<pid>`). */
  consumerName?: string;
  /** Entries read at once. */
  batchSize?: number;
  /** How long one read waits for new entries. */
  blockMs?: number;
  /** A message pending this long with another consumer (dead, or stuck) is claimed by this one. */
  claimIdleMs?: number;
}

/** How far a group is behind on its streams: entries not yet delivered, and delivered but not acknowledged. */
export interface ConsumerLag {
  undelivered: number;
  pending: number;
}

/** The consumer groups of `stream` with their lag (XINFO GROUPS; `lag` is null when Redis cannot tell, counted as 0). */
export async function streamGroups(
  redis: Pick<Redis, 'xinfo'>,
  stream: string,
): Promise<({ name: string } & ConsumerLag)[]> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  return groups.map((fields) => ({
    name: String(pairValue(fields, 'name')),
    undelivered: Number(pairValue(fields, 'lag') ?? 0),
    pending: Number(pairValue(fields, 'pending') ?? 0),
  }));
}

const tracer = trace.getTracer('durable-commerce-events');

/** The trace context an event carries (the activity that made the change), for the consumer's span to continue. */
const producerContext = (event: DomainEvent) => {
  const traceparent = event.metadata?.traceparent;
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
};

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One consumer of a Redis Streams consumer group. It creates the group if missing (from the start of each stream),
 * reads new entries with XREADGROUP, and for each one, in one database transaction, records the event id in
 * `processed_events` and applies the effect; an id recorded before (a redelivery) is acknowledged without effect. It
 * acknowledges (XACK) only after the commit, and regularly claims (XAUTOCLAIM) entries a dead consumer left pending. An
 * effect that fails three times stays pending and is claimed again after `claimIdleMs`.
 */
export class EventConsumer {
  /** This consumer's name in its group. */
  readonly name: string;
  /** Its group. */
  readonly group: ConsumerGroup;
  private readonly batchSize: number;
  private readonly blockMs: number;
  private readonly claimIdleMs: number;
  private stopped = false;
  private running: Promise<void> | undefined;
  private lastClaim = 0;

  constructor(private readonly options: EventConsumerOptions) {
    const { group } = options.definition;
    this.group = group;
    this.name = options.consumerName ?? `${group}-${hostname()}-${process.pid}`;
    this.batchSize = options.batchSize ?? 100;
    this.blockMs = options.blockMs ?? 2_000;
    this.claimIdleMs = options.claimIdleMs ?? 15_000;
  }

  /** Starts consuming until `stop()`; Redis or database failures are logged and retried with backoff. */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the entry in flight and the read in progress (at most `blockMs`). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Creates the group on each stream (from the start) unless it exists. */
  async ensureGroups(): Promise<void> {
    const { redis, definition } = this.options;
    for (const stream of definition.streams) {
      try {
        await redis.xgroup('CREATE', stream, definition.group, '0', 'MKSTREAM');
      } catch (err) {
        if (!messageOf(err).includes('BUSYGROUP')) throw err;
      }
    }
  }

  /**
   * The group's lag summed over its streams (XINFO GROUPS), asked on `redis`: pass a connection other than the
   * consumer's own, on which a blocking read may be waiting.
   */
  async lag(redis: Pick<Redis, 'xinfo'>): Promise<ConsumerLag> {
    const { definition } = this.options;
    const total: ConsumerLag = { undelivered: 0, pending: 0 };
    for (const stream of definition.streams) {
      for (const group of await streamGroups(redis, stream)) {
        if (group.name !== definition.group) continue;
        total.undelivered += group.undelivered;
        total.pending += group.pending;
      }
    }
    return total;
  }

  /** Reads and handles one round: claimed entries first (when due), then new ones; returns how many it handled. */
  async pollOnce(): Promise<number> {
    const { redis, definition } = this.options;
    let handled = 0;
    if (Date.now() - this.lastClaim >= this.claimIdleMs / 2) {
      this.lastClaim = Date.now();
      for (const stream of definition.streams) handled += await this.claimStale(stream);
    }
    const streams = definition.streams;
    const read = (await redis.xreadgroup(
      'GROUP',
      definition.group,
      this.name,
      'COUNT',
      this.batchSize,
      'BLOCK',
      this.blockMs,
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as [string, RawStreamEntry[]][] | null;
    for (const [stream, entries] of read ?? []) {
      for (const entry of entries) if (await this.handleEntry(stream, entry)) handled += 1;
    }
    return handled;
  }

  /** Claims and handles the entries of `stream` pending longer than `claimIdleMs` (this consumer's own included). */
  private async claimStale(stream: string): Promise<number> {
    const { redis, definition } = this.options;
    let cursor = '0-0';
    let handled = 0;
    do {
      const [next, entries] = (await redis.xautoclaim(
        stream,
        definition.group,
        this.name,
        this.claimIdleMs,
        cursor,
        'COUNT',
        this.batchSize,
      )) as [string, (RawStreamEntry | null)[]];
      cursor = next;
      for (const entry of entries) {
        if (!entry) continue;
        this.options.logger.info({ stream, entryId: entry[0] }, 'claimed an event left pending');
        if (await this.handleEntry(stream, entry)) handled += 1;
      }
    } while (cursor !== '0-0' && !this.stopped);
    return handled;
  }

  /** Handles one entry (up to three tries) and acknowledges it; false when it stays pending. */
  private async handleEntry(stream: string, [entryId, fields]: RawStreamEntry): Promise<boolean> {
    const { redis, definition, logger } = this.options;
    const raw = pairValue(fields, STREAM_ENTRY_FIELDS.event);
    let event: DomainEvent;
    try {
      event = JSON.parse(raw ?? '') as DomainEvent;
      if (typeof event?.id !== 'string' || typeof event.type !== 'string') throw new Error('not an event envelope');
    } catch (err) {
      // Not an event this platform wrote: nothing can ever handle it, so it must not block the group.
      logger.error({ stream, entryId, err: messageOf(err) }, 'unreadable stream entry acknowledged without effect');
      await redis.xack(stream, definition.group, entryId);
      return false;
    }
    const attributes = {
      'messaging.system': 'redis',
      'messaging.destination.name': stream,
      'messaging.consumer.group.name': definition.group,
      'messaging.message.id': entryId,
      'event.id': event.id,
      'event.type': event.type,
      'correlation.id': event.metadata?.correlationId ?? '',
    };
    const handled = await tracer.startActiveSpan(
      `consume ${event.type}`,
      { kind: SpanKind.CONSUMER, attributes },
      producerContext(event),
      async (span) => {
        const ok = await this.applyWithRetries(stream, entryId, event).catch(() => false);
        if (!ok) span.setStatus({ code: SpanStatusCode.ERROR, message: 'left pending' });
        span.end();
        return ok;
      },
    );
    if (!handled) return false;
    await redis.xack(stream, definition.group, entryId);
    return true;
  }

  /** Records the event processed and applies its effect in one transaction, up to three tries; false if all failed. */
  private async applyWithRetries(stream: string, entryId: string, event: DomainEvent): Promise<boolean> {
    const { definition, logger } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.transaction(async (execute) => {
          const fresh = (await execute(
            `insert into processed_events (consumer_group, event_id, stream_id, processed_at)
             values (?, ?, ?, clock_timestamp()) on conflict do nothing returning event_id`,
            [definition.group, event.id, entryId],
          )) as unknown[];
          if (fresh.length > 0) await definition.handle(event, execute);
        });
        return true;
      } catch (err) {
        const context = { stream, entryId, eventId: event.id, type: event.type, attempt, err: messageOf(err) };
        if (attempt >= 3 || this.stopped) {
          logger.warn(context, 'event left pending after failing; it will be claimed again');
          return false;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (failures > 0 || this.lastClaim === 0) await this.ensureGroups();
        await this.pollOnce();
        if (failures > 0) this.options.logger.info({ group: this.options.definition.group }, 'consuming again');
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          const group = this.options.definition.group;
          this.options.logger.warn({ group, failures, err: messageOf(err) }, 'event consumer failed; retrying');
        }
        if (!this.stopped) await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** Math.min(failures, 4), 4_000)));
      }
    }
  }
}
