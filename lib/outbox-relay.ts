import type { Redis } from 'ioredis';
import { eventStream, STREAM_ENTRY_FIELDS, type DomainEvent, type EventType } from '../contracts';
import type { Logger } from './logger';
import type { TransactionRunner } from './sql-transaction';

/** One unpublished row of a service's `outbox` table. */
interface OutboxRow {
  id: string;
  type: EventType;
  event: string | DomainEvent;
}

/** How far the relay is behind: rows not yet published, and the age of the oldest. */
export interface OutboxLag {
  pending: number;
  oldestAgeMs: number;
}

/** Settings of a relay (lib/config.ts gives the defaults). */
export interface OutboxRelayOptions {
  /** Runs a function in one database transaction of the owning service. */
  transaction: TransactionRunner;
  redis: Pick<Redis, 'pipeline'>;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** Rows published per transaction. */
  batchSize?: number;
  /** Longest wait between two looks at the table when nothing wakes the relay (a missed notification, a restart). */
  pollIntervalMs?: number;
  /** Published rows older than this are deleted. */
  retentionMs?: number;
  /** Streams are trimmed to about this many entries (`XADD MAXLEN ~`). */
  streamMaxLength?: number;
}

/**
 * Key of the advisory lock only one relay of a database holds while it publishes, so that several processes of one
 * service (replicas) publish the rows one after another, in commit order, never side by side.
 */
export const RELAY_LOCK_KEY = 0x6f7574626f78; // "outbox"

const envelopeText = (row: OutboxRow) => (typeof row.event === 'string' ? row.event : JSON.stringify(row.event));
const correlationOf = (row: OutboxRow): string => {
  const event = typeof row.event === 'string' ? (JSON.parse(row.event) as DomainEvent) : row.event;
  return event.metadata.correlationId;
};

/**
 * Publishes a service's outbox to Redis Streams, at least once and in commit order per aggregate: under an advisory lock,
 * one transaction reads the oldest unpublished rows, appends them to their family's stream in one pipeline (in order),
 * and marks them published. Redis failing rolls the marks back (the rows are sent again later); the process dying after
 * the append but before the commit sends them twice, which consumers absorb (they remember event ids).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  private readonly streamMaxLength: number;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private running: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retentionMs = options.retentionMs ?? 7 * 86_400_000;
    this.streamMaxLength = options.streamMaxLength ?? 100_000;
  }

  /** Publishes what is there now; returns how many rows it published (0 when another relay holds the lock). */
  async publishBatch(): Promise<number> {
    return this.options.transaction(async (execute) => {
      const [lock] = (await execute('select pg_try_advisory_xact_lock(?) as locked', [RELAY_LOCK_KEY])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return 0;
      const rows = (await execute(
        `select id, type, event from outbox where published_at is null order by created_at, id limit ?`,
        [this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const pipeline = this.options.redis.pipeline();
      for (const row of rows) {
        const fields = [
          STREAM_ENTRY_FIELDS.id,
          row.id,
          STREAM_ENTRY_FIELDS.type,
          row.type,
          STREAM_ENTRY_FIELDS.correlationId,
          correlationOf(row),
          STREAM_ENTRY_FIELDS.event,
          envelopeText(row),
        ];
        pipeline.xadd(eventStream(row.type), 'MAXLEN', '~', String(this.streamMaxLength), '*', ...fields);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed || results.length !== rows.length) throw failed?.[0] ?? new Error('redis pipeline answered short');
      await execute(`update outbox set published_at = clock_timestamp() where id in (${rows.map(() => '?')})`, [
        ...rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  /** Deletes published rows past the retention period; returns how many. */
  async prune(): Promise<number> {
    return this.options.transaction(async (execute) => {
      const deleted = (await execute(
        `delete from outbox where published_at < clock_timestamp() - (? * interval '1 millisecond') returning id`,
        [this.retentionMs],
      )) as unknown[];
      return deleted.length;
    });
  }

  /** Rows not yet published and the age of the oldest (for `/ready`). */
  async lag(): Promise<OutboxLag> {
    return this.options.transaction(async (execute) => {
      const [row] = (await execute(
        `select count(*)::int as pending,
                coalesce(extract(epoch from clock_timestamp() - min(created_at)) * 1000, 0)::float8 as oldest_ms
         from outbox where published_at is null`,
        [],
      )) as { pending: number; oldest_ms: number }[];
      return { pending: row?.pending ?? 0, oldestAgeMs: Math.round(row?.oldest_ms ?? 0) };
    });
  }

  /** Makes the loop look at the table now (a commit was announced). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Starts publishing until `stop()`: whenever woken, else every poll interval; failures are logged and retried. */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the loop after the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        let published = await this.publishBatch();
        while (published === this.batchSize && !this.stopped) published = await this.publishBatch();
        if (Date.now() - this.lastPrune > 60_000) {
          this.lastPrune = Date.now();
          const pruned = await this.prune();
          if (pruned > 0) this.options.logger.info({ pruned }, 'outbox: pruned published events');
        }
        if (failures > 0) this.options.logger.info({ failures }, 'outbox relay publishing again');
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          const message = err instanceof Error ? err.message : String(err);
          this.options.logger.warn({ err: message, failures }, 'outbox relay could not publish; retrying');
        }
      }
      if (this.stopped) break;
      const pause =
        failures > 0 ? Math.min(this.pollIntervalMs * 2 ** Math.min(failures, 4), 5_000) : this.pollIntervalMs;
      if (!this.woken || failures > 0) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
