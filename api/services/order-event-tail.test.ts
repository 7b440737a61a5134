import type { Redis } from 'ioredis';
import { STREAM_ENTRY_FIELDS } from '../../contracts';
import { compareStreamIds } from '../../lib/stream-ids';
import {
  OrderEventTail,
  parseStreamEntry,
  readEntriesOf,
  type OrderStreamEntry,
  type RawStreamEntry,
  type TailConnection,
} from './order-event-tail';

const STREAM = 'events.orders';
const silent = { warn: () => undefined, info: () => undefined, debug: () => undefined };

const fields = (orderId: string, type: string, n: number) => [
  STREAM_ENTRY_FIELDS.id,
  `event-${n}`,
  STREAM_ENTRY_FIELDS.type,
  type,
  STREAM_ENTRY_FIELDS.correlationId,
  orderId,
  STREAM_ENTRY_FIELDS.event,
  JSON.stringify({ n }),
];

/**
 * An in-memory stream behind a fake tail connection: XREVRANGE, and XREAD BLOCK that waits for an append (or its block
 * time). `down` makes every command fail as a lost connection does; `disconnect` rejects a read in flight.
 */
function fakeStream() {
  let entries: RawStreamEntry[] = [];
  let clock = 1_000;
  let down = false;
  let disconnected = false;
  const waiters = new Set<() => void>();
  const wake = () => [...waiters].forEach((w) => w());
  const reads: string[] = [];
  let commands = 0;
  const after = (id: string) => entries.filter(([entryId]) => compareStreamIds(entryId, id) > 0);
  const connection = {
    on: () => connection,
    async xrevrange() {
      commands += 1;
      if (down) throw new Error('connect ECONNREFUSED');
      return entries.slice(-1);
    },
    async xread(...args: (string | number)[]) {
      const from = String(args[args.length - 1]);
      const block = Number(args[args.indexOf('BLOCK') + 1]);
      reads.push(from);
      commands += 1;
      if (down) throw new Error('connect ECONNREFUSED');
      if (after(from).length === 0)
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, block);
          waiters.add(done);
        });
      if (disconnected) throw new Error('Connection is closed.');
      if (down) throw new Error('Connection lost');
      const found = after(from);
      return found.length ? [[STREAM, found]] : null;
    },
    disconnect() {
      disconnected = true;
      wake();
    },
  };
  return {
    connection: connection as unknown as TailConnection,
    reads,
    /** Commands sent so far (failed ones too). */
    get commands() {
      return commands;
    },
    get disconnected() {
      return disconnected;
    },
    /** Appends an entry for `orderId`; returns its id. */
    add(orderId: string, type = 'order.confirmed'): string {
      clock += 1;
      const id = `${clock}-0`;
      entries.push([id, fields(orderId, type, clock)]);
      wake();
      return id;
    },
    setDown(value: boolean) {
      down = value;
      wake();
    },
    /** Redis came back empty: the stream starts over with lower ids. */
    lose() {
      entries = [];
      clock = 10;
    },
  };
}

/** Collects what a subscriber is told. */
function recorder() {
  const entries: OrderStreamEntry[] = [];
  let ended = 0;
  return {
    entries,
    get ended() {
      return ended;
    },
    subscriber: { entry: (e: OrderStreamEntry) => entries.push(e), end: () => (ended += 1) },
  };
}

const until = async (check: () => boolean, ms = 2_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('parseStreamEntry', () => {
  it('reads the relay fields, and refuses an entry missing one', () => {
    expect(parseStreamEntry(['5-1', fields('o-1', 'order.created', 7)])).toEqual({
      streamId: '5-1',
      eventId: 'event-7',
      type: 'order.created',
      correlationId: 'o-1',
      event: '{"n":7}',
    });
    expect(parseStreamEntry(['5-1', ['id', 'x', 'type', 'order.created']])).toBeUndefined();
  });
});

describe('OrderEventTail', () => {
  let tail: OrderEventTail | undefined;
  afterEach(() => tail?.close());

  it('starts at the stream end and hands each entry to the subscribers of its order only', async () => {
    const redis = fakeStream();
    redis.add('o-1', 'order.created'); // before the tail: not delivered
    tail = new OrderEventTail({ connect: () => redis.connection, logger: silent, blockMs: 50 });
    const one = recorder();
    const other = recorder();
    tail.subscribe('o-1', one.subscriber);
    tail.subscribe('o-2', other.subscriber);
    await until(() => redis.reads.length > 0);
    const confirmed = redis.add('o-1');
    redis.add('o-3');
    const shipped = redis.add('o-1', 'order.shipped');
    await until(() => one.entries.length === 2);
    expect(one.entries.map((e) => [e.streamId, e.type])).toEqual([
      [confirmed, 'order.confirmed'],
      [shipped, 'order.shipped'],
    ]);
    expect(other.entries).toEqual([]);
    expect(tail.lastId).toBe(shipped);
  });

  it('stops telling a subscriber once it unsubscribes, and keeps going when one throws', async () => {
    const redis = fakeStream();
    tail = new OrderEventTail({ connect: () => redis.connection, logger: silent, blockMs: 50 });
    const kept = recorder();
    const gone = recorder();
    tail.subscribe('o-1', {
      entry: () => {
        throw new Error('boom');
      },
      end: () => undefined,
    });
    tail.subscribe('o-1', kept.subscriber);
    const unsubscribe = tail.subscribe('o-1', gone.subscriber);
    expect(tail.subscriberCount).toBe(3);
    unsubscribe();
    await until(() => redis.reads.length > 0);
    redis.add('o-1');
    await until(() => kept.entries.length === 1);
    expect(gone.entries).toEqual([]);
  });

  it('resumes from the last id it saw after Redis went away, missing nothing appended meanwhile', async () => {
    const redis = fakeStream();
    tail = new OrderEventTail({ connect: () => redis.connection, logger: silent, blockMs: 50, maxRetryDelayMs: 20 });
    const sub = recorder();
    tail.subscribe('o-1', sub.subscriber);
    await until(() => redis.reads.length > 0);
    const first = redis.add('o-1');
    await until(() => sub.entries.length === 1);
    redis.setDown(true);
    const readsBefore = redis.reads.length;
    const commandsBefore = redis.commands;
    await until(() => redis.commands > commandsBefore + 2);
    const whileAway = redis.add('o-1', 'order.shipped'); // written as Redis comes back, before the tail reads again
    redis.setDown(false);
    await until(() => sub.entries.length === 2);
    expect(sub.entries.map((e) => e.streamId)).toEqual([first, whileAway]);
    expect(redis.reads[readsBefore]).toBe(first); // the first read after the outage starts after the last entry seen
  });

  it('reads a stream that came back shorter than the last id seen (Redis lost its data) from its start', async () => {
    const redis = fakeStream();
    tail = new OrderEventTail({ connect: () => redis.connection, logger: silent, blockMs: 50, maxRetryDelayMs: 20 });
    const sub = recorder();
    tail.subscribe('o-1', sub.subscriber);
    await until(() => redis.reads.length > 0);
    redis.add('o-1');
    await until(() => sub.entries.length === 1);
    redis.setDown(true);
    const commandsBefore = redis.commands;
    await until(() => redis.commands > commandsBefore + 2);
    redis.lose();
    const reborn = redis.add('o-1', 'order.shipped');
    redis.setDown(false);
    await until(() => sub.entries.length === 2);
    expect(sub.entries[1]!.streamId).toBe(reborn);
  });

  it('closes at once though a read is blocked, ending every subscriber; a later subscriber is ended at once', async () => {
    const redis = fakeStream();
    tail = new OrderEventTail({ connect: () => redis.connection, logger: silent, blockMs: 60_000 });
    const sub = recorder();
    tail.subscribe('o-1', sub.subscriber);
    await until(() => redis.reads.length > 0);
    const started = Date.now();
    await tail.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(redis.disconnected).toBe(true);
    expect(sub.ended).toBe(1);
    expect(tail.closed).toBe(true);
    const late = recorder();
    tail.subscribe('o-1', late.subscriber);
    expect(late.ended).toBe(1);
    expect(tail.subscriberCount).toBe(0);
  });
});

describe('readEntriesOf', () => {
  it("reads every page from the id on (inclusive) and keeps the order's entries", async () => {
    const entries: RawStreamEntry[] = Array.from({ length: 2_500 }, (_, i) => [
      `${100 + i}-0`,
      fields(i % 3 === 0 ? 'o-1' : 'o-2', 'order.confirmed', i),
    ]);
    const starts: string[] = [];
    const redis = {
      async xrange(_key: string, start: string, _end: string, _count: 'COUNT', count: number) {
        starts.push(start);
        const exclusive = start.startsWith('(');
        const id = exclusive ? start.slice(1) : start;
        return entries
          .filter(([e]) => (exclusive ? compareStreamIds(e, id) > 0 : compareStreamIds(e, id) >= 0))
          .slice(0, count);
      },
    } as unknown as Pick<Redis, 'xrange'>;
    const found = await readEntriesOf(redis, STREAM, '400-0', 'o-1');
    expect(found[0]!.streamId).toBe('400-0');
    expect(found.every((e) => e.correlationId === 'o-1')).toBe(true);
    expect(found).toHaveLength(entries.slice(300).filter((_, i) => (i + 300) % 3 === 0).length);
    expect(starts).toEqual(['400-0', '(1399-0', '(2399-0']);
  });
});
