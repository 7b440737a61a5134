// The outbox relay and the event consumer against the real PostgreSQL and Redis of the test stack, in a database of
// their own and a Redis database the stack does not use (so the stack's own relays and consumers never see these
// events): commit order, nothing lost when Redis fails or the relay dies mid-publish, one effect per event however often
// it is delivered, what a dead consumer left is claimed, published rows are pruned, and a commit wakes the relay.
import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { EVENT_STREAMS, EVENT_TYPES, type ConsumerGroup, type DomainEvent } from '../../contracts';
import { openDatabase } from '../../lib/database';
import { EventConsumer, type ConsumerDefinition } from '../../lib/event-consumer';
import { domainEvent, OUTBOX_CHANNEL, writeOutboxEvent } from '../../lib/outbox';
import { OutboxRelay } from '../../lib/outbox-relay';
import { CREATE_OUTBOX_SQL, defineOutboxEntity } from '../../lib/outbox-table';
import { PgListener } from '../../lib/pg-listener';
import { CREATE_PROCESSED_EVENTS_SQL, defineProcessedEventEntity } from '../../lib/processed-events-table';
import { ormTransaction, type TransactionRunner } from '../../lib/sql-transaction';
import { testSecrets } from '../support/databases';
import { testConfig } from '../support/test-env';

/** The outbox, the processed ids and a table the test consumer's effect writes to. */
class TestSchema extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...CREATE_OUTBOX_SQL, ...CREATE_PROCESSED_EVENTS_SQL]) this.addSql(sql);
    this.addSql('create table "effects" ("event_id" varchar(36) not null)');
  }
}

const DATABASE = `relay_test_${process.pid}`;
const REDIS_DB = 13;
const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined };
const config = testConfig();
const superuserUrl = (database: string) =>
  `postgres://postgres:${encodeURIComponent(testSecrets().superuser)}@127.0.0.1:${config.POSTGRES_PORT}/${database}`;

let orm: MikroORM;
let transaction: TransactionRunner;
let redis: Redis;

async function asSuperuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: superuserUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await asSuperuser(`drop database if exists ${DATABASE}`);
  await asSuperuser(`create database ${DATABASE}`);
  orm = await openDatabase({
    clientUrl: superuserUrl(DATABASE),
    entities: [defineOutboxEntity(), defineProcessedEventEntity()],
    migrations: [{ name: 'TestSchema', class: TestSchema }],
  });
  transaction = ormTransaction(orm);
  redis = new Redis(config.redisUrl, { db: REDIS_DB });
});
afterAll(async () => {
  await orm?.close(true);
  await redis?.flushdb();
  redis?.disconnect();
  await asSuperuser(`drop database if exists ${DATABASE}`);
});
beforeEach(async () => {
  await redis.flushdb();
  await transaction((execute) => execute('delete from outbox; delete from processed_events; delete from effects', []));
});

/** Commits one `order.created`-typed event about `orderId` (a distinct business key per call). */
async function commitEvent(orderId: string, key = randomUUID()): Promise<DomainEvent> {
  const event = domainEvent(
    EVENT_TYPES.orderCreated,
    { orderId, n: key },
    { source: 'orders', businessKey: key, correlationId: orderId, timestamp: new Date() },
  );
  await transaction((execute) => writeOutboxEvent(execute, event, orderId));
  return event;
}

const streamIds = async () =>
  ((await redis.xrange(EVENT_STREAMS.orders, '-', '+')) as [string, string[]][]).map(
    ([, fields]) => fields[fields.indexOf('id') + 1],
  );
const unpublished = async () =>
  (
    (await transaction((execute) =>
      execute('select count(*)::int as n from outbox where published_at is null', []),
    )) as { n: number }[]
  )[0]!.n;

/** A consumer of the test stream whose effect is one row of `effects` per event. */
const consumerOf = (group: string, name: string, claimIdleMs = 60_000) => {
  const definition: ConsumerDefinition = {
    group: group as ConsumerGroup,
    streams: [EVENT_STREAMS.orders],
    handle: async (event, execute) => {
      await execute('insert into effects (event_id) values (?)', [event.id]);
    },
  };
  const connection = new Redis(config.redisUrl, { db: REDIS_DB });
  const consumer = new EventConsumer({
    definition,
    redis: connection,
    transaction,
    logger: silent,
    consumerName: name,
    blockMs: 100,
    claimIdleMs,
  });
  return { consumer, close: () => connection.disconnect() };
};
const effects = async () =>
  (await transaction((execute) => execute('select event_id from effects', []))) as { event_id: string }[];

describe('outbox relay and event consumer (real PostgreSQL and Redis)', () => {
  it('publishes in commit order, marks what it published, and reports no lag afterwards', async () => {
    const relay = new OutboxRelay({ transaction, redis, logger: silent });
    const committed = [];
    for (const orderId of ['a', 'b', 'a', 'c', 'a']) committed.push(await commitEvent(`order-${orderId}`));
    expect((await relay.lag()).pending).toBe(5);
    expect(await relay.publishBatch()).toBe(5);
    expect(await streamIds()).toEqual(committed.map((e) => e.id));
    expect(await relay.lag()).toEqual({ pending: 0, oldestAgeMs: 0 });
    expect(await relay.publishBatch()).toBe(0);
  });

  it('loses nothing when Redis fails mid-publish: the marks roll back and the next round sends every row', async () => {
    const failing = {
      pipeline: () => {
        const p = redis.pipeline();
        p.exec = async () => {
          throw new Error('Connection is closed.');
        };
        return p;
      },
    } as unknown as Redis;
    const events = [await commitEvent('order-x'), await commitEvent('order-y')];
    await expect(new OutboxRelay({ transaction, redis: failing, logger: silent }).publishBatch()).rejects.toThrow(
      'Connection is closed',
    );
    expect(await unpublished()).toBe(2);
    expect(await new OutboxRelay({ transaction, redis, logger: silent }).publishBatch()).toBe(2);
    expect(await streamIds()).toEqual(events.map((e) => e.id));
  });

  it('a relay that dies after appending but before committing sends again; the consumer still has one effect per event', async () => {
    const events = [await commitEvent('order-d'), await commitEvent('order-e')];
    // the process "dies" between XADD and COMMIT: the transaction never commits
    const dying: TransactionRunner = (fn) =>
      transaction(async (execute) => {
        await fn(execute);
        throw new Error('killed before commit');
      });
    await expect(new OutboxRelay({ transaction: dying, redis, logger: silent }).publishBatch()).rejects.toThrow();
    expect(await unpublished()).toBe(2);
    await new OutboxRelay({ transaction, redis, logger: silent }).publishBatch();
    expect(await streamIds()).toEqual([...events, ...events].map((e) => e.id)); // at least once: twice here
    const { consumer, close } = consumerOf('effects', 'only');
    try {
      await consumer.ensureGroups();
      expect(await consumer.pollOnce()).toBe(4);
      expect((await effects()).map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(await consumer.lag(redis)).toEqual({ undelivered: 0, pending: 0 });
    } finally {
      close();
    }
  });

  it('a consumer claims what a dead consumer of its group read and never acknowledged', async () => {
    const events = [await commitEvent('order-f'), await commitEvent('order-g')];
    await new OutboxRelay({ transaction, redis, logger: silent }).publishBatch();
    await redis.xgroup('CREATE', EVENT_STREAMS.orders, 'claims', '0');
    // the dead consumer read both entries, then died before its effect and its XACK
    await redis.xreadgroup('GROUP', 'claims', 'dead', 'COUNT', 10, 'STREAMS', EVENT_STREAMS.orders, '>');
    const { consumer, close } = consumerOf('claims', 'alive', 300);
    try {
      expect(await consumer.lag(redis)).toEqual({ undelivered: 0, pending: 2 });
      await new Promise((r) => setTimeout(r, 400));
      expect(await consumer.pollOnce()).toBe(2);
      expect((await effects()).map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(await consumer.lag(redis)).toEqual({ undelivered: 0, pending: 0 });
    } finally {
      close();
    }
  });

  it('prunes published rows past the retention period and keeps unpublished ones', async () => {
    await commitEvent('order-h');
    await new OutboxRelay({ transaction, redis, logger: silent }).publishBatch();
    await commitEvent('order-i');
    expect(await new OutboxRelay({ transaction, redis, logger: silent, retentionMs: 0 }).prune()).toBe(1);
    expect(await unpublished()).toBe(1);
  });

  it('a commit wakes the running relay at once (LISTEN/NOTIFY), long before its poll interval', async () => {
    const relay = new OutboxRelay({ transaction, redis, logger: silent, pollIntervalMs: 60_000 });
    const listener = new PgListener(superuserUrl(DATABASE), OUTBOX_CHANNEL, () => relay.wake(), silent);
    relay.start();
    listener.start();
    try {
      await new Promise((r) => setTimeout(r, 500)); // listening
      const event = await commitEvent('order-j');
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && (await streamIds()).length === 0) await new Promise((r) => setTimeout(r, 50));
      expect(await streamIds()).toEqual([event.id]);
    } finally {
      await listener.stop();
      await relay.stop();
    }
  });
});
