// The inventory service's domain events against its real database: `stock.reserved`, `stock.released` and `stock.low`
// are written in the transaction of the stock change, once each, and never for a change that did not happen.
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { OrderItemInput } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import { activityRequest } from '../../lib/activity-request';
import { eventId } from '../../lib/outbox';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { outboxRows, type OutboxRow } from '../../test/support/outbox-rows';
import { openServiceDatabase } from '../../test/support/service-database';
import { createInventoryActivities, ledgerKey } from './activities';
import { inventoryDatabase } from './mikro-orm.config';

/** The `STOCK_LOW_THRESHOLD` of the activities under test. */
const THRESHOLD = 10;
let orm: MikroORM;
let acts: ReturnType<typeof createInventoryActivities>;

beforeAll(async () => {
  orm = await openServiceDatabase('inventory', inventoryDatabase);
  acts = createInventoryActivities({ orm, config: { STOCK_LOW_THRESHOLD: THRESHOLD } });
});
afterAll(() => orm.close(true));

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
  orm.em.getConnection().execute(query, params);

/** Inserts test-only products (never the seeded catalog) and returns their ids in the given order. */
async function products(...available: number[]): Promise<string[]> {
  const ids = available.map(() => `test-${randomUUID()}`);
  for (const [i, id] of ids.entries())
    await sql('insert into stock_items (product_id, available, reserved) values (?, ?, 0)', [id, available[i]]);
  return ids;
}

const reserve = (orderId: string, lines: OrderItemInput[], a = acts) => runActivity(a.reserveStock, { orderId, lines });
const release = (orderId: string) => runActivity(acts.releaseReservation, { orderId });
const commit = (orderId: string) => runActivity(acts.commitReservation, { orderId });
const restock = (orderId: string) => runActivity(acts.restockOrder, { orderId });

/** The events of an order (its correlation id), oldest first; each in its schema, from the inventory service. */
async function eventsOf(orderId: string): Promise<OutboxRow[]> {
  const rows = await outboxRows(orm, "event -> 'metadata' ->> 'correlationId'", orderId);
  for (const row of rows) {
    expect(eventSchemaProblems(row.event)).toEqual([]);
    expect(row.id).toBe(row.event.id);
    expect(row.event.metadata).toMatchObject({ source: 'inventory', correlationId: orderId, version: 1 });
  }
  return rows;
}
const typesOf = async (orderId: string) => (await eventsOf(orderId)).map((r) => r.type);

describe('stock.reserved', () => {
  it('is written once with the reservation; a retried reservation writes none', async () => {
    const [a, b] = await products(50, 50);
    const orderId = randomUUID();
    const lines = [
      { productId: b!, quantity: 1 },
      { productId: a!, quantity: 3 },
    ];
    await activityRequest.run({ requestId: 'req-stock-1' }, () => reserve(orderId, lines));
    await reserve(orderId, lines);
    const rows = await eventsOf(orderId);
    expect(rows.map((r) => r.type)).toEqual(['stock.reserved']);
    expect(rows[0]).toMatchObject({ aggregate_id: orderId });
    expect(rows[0]!.event.id).toBe(eventId('stock.reserved', ledgerKey(orderId, 'reserve')));
    const sorted = [...lines].sort((x, y) => x.productId.localeCompare(y.productId)); // as the reservation keeps them
    expect(rows[0]!.event.data).toEqual({ orderId, lines: sorted });
    expect(rows[0]!.event.metadata.requestId).toBe('req-stock-1');
  });

  it('is written once under concurrent reservations of one order', async () => {
    const [a] = await products(50);
    const orderId = randomUUID();
    await Promise.all(Array.from({ length: 4 }, () => reserve(orderId, [{ productId: a!, quantity: 2 }])));
    expect(await typesOf(orderId)).toEqual(['stock.reserved']);
  });

  it('is not written when the order is refused (OUT_OF_STOCK)', async () => {
    const [a, b] = await products(50, 1);
    const orderId = randomUUID();
    await activityFailure(
      reserve(orderId, [
        { productId: a!, quantity: 45 },
        { productId: b!, quantity: 2 },
      ]),
    );
    expect(await eventsOf(orderId)).toEqual([]);
  });
});

describe('stock.released', () => {
  it('is written once when a reservation is released (RESERVATION_RELEASED); a retried release writes none', async () => {
    const [a] = await products(50);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: a!, quantity: 2 }]);
    await release(orderId);
    await release(orderId);
    const rows = await eventsOf(orderId);
    expect(rows.map((r) => r.type)).toEqual(['stock.reserved', 'stock.released']);
    expect(rows[1]!.event.id).toBe(eventId('stock.released', ledgerKey(orderId, 'release')));
    expect(rows[1]!.event.data).toEqual({
      orderId,
      lines: [{ productId: a!, quantity: 2 }],
      reason: 'RESERVATION_RELEASED',
    });
  });

  it('is written once when a committed order is restocked (ORDER_RESTOCKED); commit writes none', async () => {
    const [a] = await products(50);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: a!, quantity: 2 }]);
    await commit(orderId);
    await commit(orderId);
    expect(await typesOf(orderId)).toEqual(['stock.reserved']);
    await restock(orderId);
    await restock(orderId);
    const rows = await eventsOf(orderId);
    expect(rows.map((r) => r.type)).toEqual(['stock.reserved', 'stock.released']);
    expect(rows[1]!.event.id).toBe(eventId('stock.released', ledgerKey(orderId, 'restock')));
    expect(rows[1]!.event.data).toEqual({
      orderId,
      lines: [{ productId: a!, quantity: 2 }],
      reason: 'ORDER_RESTOCKED',
    });
  });

  it('is not written for a release with nothing to release, nor for a refused one', async () => {
    const never = randomUUID();
    expect(await release(never)).toBeNull();
    expect(await eventsOf(never)).toEqual([]);
    const [a] = await products(50);
    const committed = randomUUID();
    await reserve(committed, [{ productId: a!, quantity: 1 }]);
    await commit(committed);
    await activityFailure(release(committed));
    expect(await typesOf(committed)).toEqual(['stock.reserved']);
  });
});

describe('stock.low', () => {
  /** The `stock.low` events about a product, oldest first. */
  const lowEvents = async (productId: string) =>
    (
      await sql<OutboxRow>(`select * from outbox where type = 'stock.low' and aggregate_id = ? order by created_at`, [
        productId,
      ])
    ).map((r) => r.event);

  it('is written when a reservation takes a product from the threshold or more to below it, once', async () => {
    const [crossing, atThreshold, staysAbove] = await products(12, THRESHOLD, 15);
    const orderId = randomUUID();
    const lines = [
      { productId: crossing!, quantity: 3 },
      { productId: atThreshold!, quantity: 1 },
      { productId: staysAbove!, quantity: 5 },
    ];
    await reserve(orderId, lines);
    await reserve(orderId, lines); // retried
    const rows = await eventsOf(orderId);
    expect(rows.map((r) => r.type)).toEqual(['stock.reserved', 'stock.low', 'stock.low']);
    const lows = rows.filter((r) => r.type === 'stock.low');
    expect(lows.map((r) => r.event.data)).toEqual(
      expect.arrayContaining([
        { productId: crossing, orderId, available: 9, threshold: THRESHOLD },
        { productId: atThreshold, orderId, available: THRESHOLD - 1, threshold: THRESHOLD },
      ]),
    );
    expect(lows.map((r) => r.aggregate_id).sort()).toEqual([crossing, atThreshold].sort());
    expect(lows.find((r) => r.aggregate_id === crossing)!.event.id).toBe(
      eventId('stock.low', `${ledgerKey(orderId, 'reserve')}:${crossing}`),
    );
    expect(await lowEvents(staysAbove!)).toEqual([]);
  });

  it('is not written by a reservation of a product already below, and again by each later crossing', async () => {
    const [p] = await products(11);
    const first = randomUUID();
    await reserve(first, [{ productId: p!, quantity: 2 }]); // 11 -> 9: crosses
    const second = randomUUID();
    await reserve(second, [{ productId: p!, quantity: 1 }]); // 9 -> 8: already below
    expect(await typesOf(second)).toEqual(['stock.reserved']);
    await release(first); // 8 -> 10
    const third = randomUUID();
    await reserve(third, [{ productId: p!, quantity: 4 }]); // 10 -> 6: crosses again
    expect((await lowEvents(p!)).map((e) => (e.data as { orderId: string }).orderId)).toEqual([first, third]);
  });

  it('is never written with a threshold of 0', async () => {
    const none = createInventoryActivities({ orm, config: { STOCK_LOW_THRESHOLD: 0 } });
    const [p] = await products(3);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: p!, quantity: 3 }], none);
    expect(await typesOf(orderId)).toEqual(['stock.reserved']);
  });
});
