import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, type OrderItemInput, type StockDto } from '../../contracts';
import { openServiceDatabase } from '../../test/support/service-database';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { createInventoryActivities } from './activities';
import { inventoryDatabase } from './mikro-orm.config';

let orm: MikroORM;
let acts: ReturnType<typeof createInventoryActivities>;
const run = runActivity;

beforeAll(async () => {
  orm = await openServiceDatabase('inventory', inventoryDatabase);
  acts = createInventoryActivities({ orm });
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

const reserve = (orderId: string, lines: OrderItemInput[]) => run(acts.reserveStock, { orderId, lines });
const release = (orderId: string) => run(acts.releaseReservation, { orderId });
const commit = (orderId: string) => run(acts.commitReservation, { orderId });
const restock = (orderId: string) => run(acts.restockOrder, { orderId });
const stock = async (id: string): Promise<Omit<StockDto, 'productId'>> => {
  const [s] = await run(acts.getStock, [id]);
  return { available: s!.available, reserved: s!.reserved, sold: s!.sold };
};
const ledger = async (orderId: string) =>
  (
    await sql<{ business_key: string }>(
      'select business_key from stock_ledger where order_id = ? order by business_key',
      [orderId],
    )
  ).map((r) => r.business_key);
const reservationRows = (orderId: string) => sql('select * from reservations where order_id = ?', [orderId]);

describe('reserveStock', () => {
  it('is all or nothing: one short line refuses the order with OUT_OF_STOCK and changes nothing', async () => {
    const [a, b] = await products(5, 1);
    const orderId = randomUUID();
    const err = await activityFailure(
      reserve(orderId, [
        { productId: a!, quantity: 2 },
        { productId: b!, quantity: 3 },
      ]),
    );
    expect(err.type).toBe('OUT_OF_STOCK');
    expect(err.nonRetryable).toBe(true);
    expect(err.details).toEqual([{ productIds: [b] }]);
    expect(await stock(a!)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await stock(b!)).toEqual({ available: 1, reserved: 0, sold: 0 });
    // the ledger row was written first in the same transaction: the rollback took it away too
    expect(await ledger(orderId)).toEqual([]);
    expect(await reservationRows(orderId)).toEqual([]);
  });

  it('names every short product, unknown ones included', async () => {
    const [a, b, c] = await products(1, 2, 10);
    const unknown = `test-${randomUUID()}`;
    const orderId = randomUUID();
    const err = await activityFailure(
      reserve(orderId, [
        { productId: a!, quantity: 2 },
        { productId: b!, quantity: 3 },
        { productId: c!, quantity: 1 },
        { productId: unknown, quantity: 1 },
      ]),
    );
    expect(err.type).toBe('OUT_OF_STOCK');
    expect((err.details![0] as { productIds: string[] }).productIds.sort()).toEqual([a, b, unknown].sort());
    expect(await stock(c!)).toEqual({ available: 10, reserved: 0, sold: 0 });
    expect(await ledger(orderId)).toEqual([]);
  });

  it('reserves once when called twice for the same order', async () => {
    const [a, b] = await products(10, 10);
    const orderId = randomUUID();
    const lines = [
      { productId: a!, quantity: 3 },
      { productId: b!, quantity: 1 },
    ];
    const first = await reserve(orderId, lines);
    const second = await reserve(orderId, lines);
    expect(first).toEqual({
      orderId,
      state: 'RESERVED',
      lines: [...lines].sort((x, y) => x.productId.localeCompare(y.productId)),
      attempt: 1,
    });
    expect(second).toEqual(first);
    expect(await stock(a!)).toEqual({ available: 7, reserved: 3, sold: 0 });
    expect(await stock(b!)).toEqual({ available: 9, reserved: 1, sold: 0 });
    expect(await ledger(orderId)).toEqual([`${orderId}:reserve`]);
  });

  it('decrements once under 5 concurrent calls for the same order', async () => {
    const [a] = await products(10);
    const orderId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => reserve(orderId, [{ productId: a!, quantity: 4 }])),
    );
    expect(results.every((r) => r.state === 'RESERVED' && r.lines[0]!.quantity === 4)).toBe(true);
    expect(await stock(a!)).toEqual({ available: 6, reserved: 4, sold: 0 });
  });

  it('never oversells under concurrent orders competing for the last units', async () => {
    const [a, b] = await products(3, 3);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        // lines in both orders, so a lock-order bug would show up as a deadlock
        reserve(
          randomUUID(),
          i % 2
            ? [
                { productId: a!, quantity: 1 },
                { productId: b!, quantity: 1 },
              ]
            : [
                { productId: b!, quantity: 1 },
                { productId: a!, quantity: 1 },
              ],
        ).then(
          () => 'ok',
          (err: ApplicationFailure) => err.type,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'OUT_OF_STOCK')).toHaveLength(5);
    expect(await stock(a!)).toEqual({ available: 0, reserved: 3, sold: 0 });
    expect(await stock(b!)).toEqual({ available: 0, reserved: 3, sold: 0 });
  });

  it('refuses lines without a positive quantity as non-retryable', async () => {
    const [a] = await products(3);
    const err = await activityFailure(reserve(randomUUID(), [{ productId: a!, quantity: 0 }]));
    expect(err.type).toBe(ErrorTypes.INVALID_RESERVATION_LINES);
    expect(err.nonRetryable).toBe(true);
  });
});

describe('the reservation lifecycle', () => {
  it('conserves available + reserved + sold through reserve, release, commit and restock', async () => {
    const [a] = await products(20);
    const total = async () => {
      const s = await stock(a!);
      return s.available + s.reserved + s.sold;
    };
    const released = randomUUID();
    const sold = randomUUID();

    await reserve(released, [{ productId: a!, quantity: 5 }]);
    expect(await stock(a!)).toEqual({ available: 15, reserved: 5, sold: 0 });
    await reserve(sold, [{ productId: a!, quantity: 4 }]);
    expect(await stock(a!)).toEqual({ available: 11, reserved: 9, sold: 0 });
    expect(await total()).toBe(20);

    expect(await release(released)).toMatchObject({ orderId: released, state: 'RELEASED' });
    expect(await release(released)).toMatchObject({ orderId: released, state: 'RELEASED' });
    expect(await stock(a!)).toEqual({ available: 16, reserved: 4, sold: 0 });

    expect(await commit(sold)).toMatchObject({ state: 'COMMITTED' });
    expect(await commit(sold)).toMatchObject({ state: 'COMMITTED' });
    expect(await stock(a!)).toEqual({ available: 16, reserved: 0, sold: 4 });
    expect(await total()).toBe(20);

    expect(await restock(sold)).toMatchObject({ state: 'RESTOCKED', lines: [{ productId: a, quantity: 4 }] });
    expect(await restock(sold)).toMatchObject({ state: 'RESTOCKED' });
    expect(await commit(sold)).toMatchObject({ state: 'RESTOCKED' });
    expect(await stock(a!)).toEqual({ available: 20, reserved: 0, sold: 0 });
    expect(await total()).toBe(20);

    expect(await ledger(released)).toEqual([`${released}:release`, `${released}:reserve`]);
    expect(await ledger(sold)).toEqual([`${sold}:commit`, `${sold}:reserve`, `${sold}:restock`]);
  });

  it('restores stock once under concurrent releases', async () => {
    const [a] = await products(8);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: a!, quantity: 8 }]);
    const results = await Promise.all(Array.from({ length: 4 }, () => release(orderId)));
    expect(results.every((r) => r?.state === 'RELEASED')).toBe(true);
    expect(await stock(a!)).toEqual({ available: 8, reserved: 0, sold: 0 });
  });

  it('refuses release after commit, and commit after release, as INVALID_RESERVATION_STATE', async () => {
    const [a] = await products(4);
    const committed = randomUUID();
    await reserve(committed, [{ productId: a!, quantity: 1 }]);
    await commit(committed);
    const err = await activityFailure(release(committed));
    expect(err.type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
    expect(err.nonRetryable).toBe(true);

    const released = randomUUID();
    await reserve(released, [{ productId: a!, quantity: 1 }]);
    await release(released);
    expect((await activityFailure(commit(released))).type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
    expect((await activityFailure(restock(released))).type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
    expect(await stock(a!)).toEqual({ available: 3, reserved: 0, sold: 1 });
  });

  it('refuses commit and restock of an unknown order, and restock of a reservation not committed', async () => {
    expect((await activityFailure(commit(randomUUID()))).type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
    expect((await activityFailure(restock(randomUUID()))).type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
    const [a] = await products(2);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: a!, quantity: 2 }]);
    expect((await activityFailure(restock(orderId))).type).toBe(ErrorTypes.INVALID_RESERVATION_STATE);
  });

  it('release without a reservation answers null and bars a late reserve of that order', async () => {
    const [a] = await products(5);
    const orderId = randomUUID();
    expect(await release(orderId)).toBeNull();
    expect(await release(orderId)).toBeNull();
    // a timed-out reserveStock attempt that runs after its compensation holds nothing
    expect(await reserve(orderId, [{ productId: a!, quantity: 2 }])).toMatchObject({ state: 'RELEASED', lines: [] });
    expect(await stock(a!)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });
});

describe('restockProduct', () => {
  const restockProduct = (restockId: string, productId: string, quantity: number) =>
    run(acts.restockProduct, { restockId, productId, quantity });
  const restockRows = (restockId: string) =>
    sql<{ product_id: string; quantity: number; available_after: number }>(
      'select product_id, quantity, available_after from restocks where restock_id = ?',
      [restockId],
    );

  it('adds the quantity to available once per restockId, and answers the stored result again', async () => {
    const [a] = await products(7);
    const restockId = randomUUID();
    const first = await restockProduct(restockId, a!, 30);
    expect(first).toEqual({
      restockId,
      productId: a,
      quantity: 30,
      availableAfter: 37,
      restockedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await restockProduct(restockId, a!, 30)).toEqual(first); // a retry or a resubmitted workflow
    expect(await stock(a!)).toEqual({ available: 37, reserved: 0, sold: 0 });
    expect(await restockRows(restockId)).toEqual([{ product_id: a, quantity: 30, available_after: 37 }]);
  });

  it('adds once under 5 concurrent calls with one restockId, and each of several restockIds once', async () => {
    const [a] = await products(0);
    const restockId = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => restockProduct(restockId, a!, 4)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ quantity: 4, availableAfter: 4 });
    expect(await stock(a!)).toEqual({ available: 4, reserved: 0, sold: 0 });

    // distinct restocks of one product apply one after the other: each answers the availability it left
    const others = await Promise.all([1, 2, 3].map((q) => restockProduct(randomUUID(), a!, q)));
    const after = others.map((r) => r.availableAfter);
    expect(new Set(after).size).toBe(3);
    expect(Math.max(...after)).toBe(10);
    expect(await stock(a!)).toEqual({ available: 10, reserved: 0, sold: 0 });
  });

  it('raises available + reserved + sold by exactly the restocked units, beside a reservation', async () => {
    const [a] = await products(5);
    const orderId = randomUUID();
    await reserve(orderId, [{ productId: a!, quantity: 5 }]);
    await restockProduct(randomUUID(), a!, 10);
    await commit(orderId);
    expect(await stock(a!)).toEqual({ available: 10, reserved: 0, sold: 5 });
    const restocked = await sql<{ units: number }>(
      'select sum(quantity)::int as units from restocks where product_id = ?',
      [a],
    );
    expect(restocked).toEqual([{ units: 10 }]);
  });

  it('refuses a restockId reused with another quantity or product as INVALID_RESTOCK, and adds nothing', async () => {
    const [a, b] = await products(1, 1);
    const restockId = randomUUID();
    await restockProduct(restockId, a!, 5);
    for (const [productId, quantity] of [
      [a!, 6],
      [b!, 5],
    ] as const) {
      const err = await activityFailure(restockProduct(restockId, productId, quantity));
      expect(err.type).toBe(ErrorTypes.INVALID_RESTOCK);
      expect(err.nonRetryable).toBe(true);
    }
    expect(await stock(a!)).toEqual({ available: 6, reserved: 0, sold: 0 });
    expect(await stock(b!)).toEqual({ available: 1, reserved: 0, sold: 0 });
  });

  it('refuses an unknown product as UNKNOWN_PRODUCT and writes no restock', async () => {
    const unknown = `test-${randomUUID()}`;
    const restockId = randomUUID();
    const err = await activityFailure(restockProduct(restockId, unknown, 3));
    expect(err.type).toBe(ErrorTypes.UNKNOWN_PRODUCT);
    expect(err.nonRetryable).toBe(true);
    expect(await restockRows(restockId)).toEqual([]);
  });

  it.each([0, -1, 1.5, 100_001, Number.NaN])('refuses quantity %p as INVALID_RESTOCK and adds nothing', async (q) => {
    const [a] = await products(2);
    const restockId = randomUUID();
    const err = await activityFailure(restockProduct(restockId, a!, q));
    expect(err.type).toBe(ErrorTypes.INVALID_RESTOCK);
    expect(err.nonRetryable).toBe(true);
    expect(await stock(a!)).toEqual({ available: 2, reserved: 0, sold: 0 });
    expect(await restockRows(restockId)).toEqual([]);
  });

  it('accepts the bounds 1 and 100000', async () => {
    const [a] = await products(0);
    await restockProduct(randomUUID(), a!, 1);
    expect((await restockProduct(randomUUID(), a!, 100_000)).availableAfter).toBe(100_001);
  });
});
