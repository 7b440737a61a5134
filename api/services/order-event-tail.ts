import type { Redis } from 'ioredis';
import { EVENT_STREAMS, STREAM_ENTRY_FIELDS } from '../../contracts';
import type { Logger } from '../../lib/logger';
import { compareStreamIds, pairValue, type RawStreamEntry } from '../../lib/stream-ids';

/** One entry of `events.orders` as the tail hands it on: its position, the fields the relay writes, the envelope as text. */
export interface OrderStreamEntry {
  /** The Redis stream entry id (`<ms>-<seq>`): the entry's position, and the SSE `id:` the gateway sends it with. */
  streamId: string;
  eventId: string;
  type: string;
  /** The order id, for order events. */
  correlationId: string;
  /** The whole DomainEvent envelope as JSON (parsed only for the orders someone follows). */
  event: string;
}

export type { RawStreamEntry } from '../../lib/stream-ids';

/** The entry with the fields of STREAM_ENTRY_FIELDS, or undefined when one is missing (not written by the relay). */
export function parseStreamEntry([streamId, fields]: RawStreamEntry): OrderStreamEntry | undefined {
  const value = (name: string) => pairValue(fields, name);
  const eventId = value(STREAM_ENTRY_FIELDS.id);
  const type = value(STREAM_ENTRY_FIELDS.type);
  const correlationId = value(STREAM_ENTRY_FIELDS.correlationId);
  const event = value(STREAM_ENTRY_FIELDS.event);
  if (eventId === undefined || type === undefined || correlationId === undefined || event === undefined)
    return undefined;
  return { streamId, eventId, type, correlationId, event };
}

/** Entries XRANGE reads per round trip when a reconnecting stream catches up. */
const REPLAY_PAGE = 1_000;

/**
 * The entries of `stream` from `fromId` (inclusive) to its end whose correlation id is `correlationId`, oldest first:
 * what a stream reconnecting with Last-Event-ID missed (plus the entry at that id, which says what the client has).
 * Reads with XRANGE, a page at a time, on a connection that does not block (not the tail's).
 */
export async function readEntriesOf(
  redis: Pick<Redis, 'xrange'>,
  stream: string,
  fromId: string,
  correlationId: string,
): Promise<OrderStreamEntry[]> {
  const found: OrderStreamEntry[] = [];
  for (let start = fromId; ;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', REPLAY_PAGE);
    for (const raw of page) {
      const entry = parseStreamEntry(raw);
      if (entry?.correlationId === correlationId) found.push(entry);
    }
    if (page.length < REPLAY_PAGE) return found;
    start = `(${page[page.length - 1]![0]}`; // exclusive: after the last entry of this page
  }
}

/** What a subscriber of the tail is told: each entry of its order as it is read, and the end of the feed. */
export interface OrderEventSubscriber {
  entry(entry: OrderStreamEntry): void;
  /** The feed is closed (the gateway shuts down): no entry follows. */
  end(): void;
}

/** The live order events the stream route follows: the OrderEventTail of the process (tests pass their own). */
export interface OrderEventFeed {
  /** Calls `subscriber` with every entry of `correlationId` read from now on; returns what unsubscribes it. */
  subscribe(correlationId: string, subscriber: OrderEventSubscriber): () => void;
  /** True once closed: a stream opened now would get no live event. */
  readonly closed: boolean;
}

/** What the tail uses of its connection. */
export type TailConnection = Pick<Redis, 'xread' | 'xrevrange' | 'disconnect' | 'on'>;

/** Settings of an OrderEventTail. */
export interface OrderEventTailOptions {
  /** Opens the tail's own connection (XREAD BLOCK holds it), once, at start; the tail disconnects it at close. */
  connect: () => TailConnection;
  logger: Pick<Logger, 'warn' | 'info' | 'debug'>;
  /** The stream it reads (default `events.orders`). */
  stream?: string;
  /** How long one XREAD waits for new entries, in ms (default 5 s; close interrupts it at once). */
  blockMs?: number;
  /** Entries read per XREAD (default 500). */
  batchSize?: number;
  /** Longest pause between two tries while Redis fails, in ms (doubling from 100 ms; default 2 s). */
  maxRetryDelayMs?: number;
}

/**
 * The gateway process's one reader of `events.orders`, fanning each entry out in memory to this process's subscribers
 * of its order (the open order streams, by correlation id). One dedicated connection does XREAD BLOCK from the last id
 * it has seen: started with the gateway at the stream's end, it resumes from that id after any failure (ioredis
 * reconnects by itself after a Redis restart), so no entry is skipped while Redis is away; if the stream ends before
 * that id when it is back (Redis lost its data), it reads the new stream from its start.
 *
 * A broadcast reader, not a consumer group: a group hands each entry to one of its consumers, but every gateway process
 * needs every entry (a customer's stream may be open on any of them). It acknowledges nothing and keeps no state in
 * Redis; a process that starts later simply starts at the end (an opening stream sends the order's current status first).
 */
export class OrderEventTail implements OrderEventFeed {
  private readonly subscribers = new Map<string, Set<OrderEventSubscriber>>();
  private readonly stream: string;
  private readonly blockMs: number;
  private readonly batchSize: number;
  private readonly maxRetryDelayMs: number;
  private connection: TailConnection | undefined;
  private position: string | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: OrderEventTailOptions) {
    this.stream = options.stream ?? EVENT_STREAMS.orders;
    this.blockMs = options.blockMs ?? 5_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 2_000;
  }

  /** Opens the connection and starts reading (once; a closed tail does not start again). */
  start(): void {
    if (this.running || this.stopped) return;
    const connection = this.options.connect();
    connection.on('error', (err: Error) => this.options.logger.debug({ err: err.message }, 'order event tail: redis'));
    this.connection = connection;
    this.running = this.loop(connection);
  }

  /** The id of the last entry read (undefined before the first read of the stream's end). */
  get lastId(): string | undefined {
    return this.position;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.stopped;
  }

  /** How many subscribers are following an order now. */
  get subscriberCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Calls `subscriber` with each entry of `correlationId` read from now on (starting the tail if need be); returns the unsubscribe. */
  subscribe(correlationId: string, subscriber: OrderEventSubscriber): () => void {
    if (this.stopped) {
      subscriber.end();
      return () => undefined;
    }
    this.start();
    let set = this.subscribers.get(correlationId);
    if (!set) this.subscribers.set(correlationId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(correlationId) === set) this.subscribers.delete(correlationId);
    };
  }

  /** Ends every subscriber (their streams close; browsers reconnect to another gateway), stops reading, disconnects. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const subscribers = [...this.subscribers.values()].flatMap((set) => [...set]);
    this.subscribers.clear();
    for (const subscriber of subscribers) this.tell(() => subscriber.end());
    this.wakeUp?.();
    this.connection?.disconnect(); // rejects the XREAD BLOCK in flight at once
    // ...unless the connection was down: ioredis then never settles a command queued for it, so do not wait for that
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }

  private async loop(connection: TailConnection): Promise<void> {
    let failures = 0;
    let resume = true;
    while (!this.stopped) {
      try {
        if (resume) this.position = await this.resumeFrom(connection);
        resume = false;
        const reply = await connection.xread(
          'COUNT',
          this.batchSize,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.stream,
          this.position!,
        );
        if (failures > 0)
          this.options.logger.info({ stream: this.stream, from: this.position }, 'order event tail: reading again');
        failures = 0;
        for (const [, entries] of reply ?? []) {
          for (const raw of entries) {
            if (this.stopped) return;
            this.position = raw[0];
            this.dispatch(raw);
          }
        }
      } catch (err) {
        if (this.stopped) return;
        failures += 1;
        resume = true;
        // info, not warn: Redis down is warned of once per outage by the gateway's rate limiter (one warning each)
        if (failures === 1)
          this.options.logger.info(
            { stream: this.stream, from: this.position, err: err instanceof Error ? err.message : String(err) },
            'order event tail: reading failed; retrying from the last id seen',
          );
        await this.pause(Math.min(100 * 2 ** Math.min(failures - 1, 10), this.maxRetryDelayMs));
      }
    }
  }

  /**
   * Where to read from: the stream's end the first time; else the last id seen, unless the stream now ends before it
   * (it was recreated: everything in it is new to this process).
   */
  private async resumeFrom(connection: TailConnection): Promise<string> {
    const [last] = await connection.xrevrange(this.stream, '+', '-', 'COUNT', 1);
    const end = last?.[0] ?? '0-0';
    if (this.position === undefined) return end;
    if (compareStreamIds(end, this.position) < 0) {
      this.options.logger.warn(
        { stream: this.stream, lastSeen: this.position, streamEnd: end },
        'order event tail: the stream ends before the last id seen (Redis lost it); reading it from its start',
      );
      return '0-0';
    }
    return this.position;
  }

  private dispatch(raw: RawStreamEntry): void {
    const entry = parseStreamEntry(raw);
    if (!entry) {
      this.options.logger.debug(
        { stream: this.stream, id: raw[0] },
        'order event tail: entry without the relay fields skipped',
      );
      return;
    }
    const set = this.subscribers.get(entry.correlationId);
    if (!set) return;
    for (const subscriber of [...set]) this.tell(() => subscriber.entry(entry));
  }

  /** Runs a subscriber's callback; one that throws is logged, and the others and the tail go on. */
  private tell(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      this.options.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'order event subscriber failed',
      );
    }
  }

  /** Waits `ms`, or less when close() wakes it. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
