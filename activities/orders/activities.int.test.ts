import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { ErrorTypes, type CreateOrderInput, type OrderRecord } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import { activityRequest } from '../../lib/activity-request';
import { eventId } from '../../lib/outbox';
import { internalAuthHeader } from '../../lib/internal-auth';
import { openServiceDatabase } from '../../test/support/service-database';
import { createHealthApp } from '../../lib/health-app';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { outboxRows } from '../../test/support/outbox-rows';
import { createOrdersActivities } from './activities';
import { createOrdersRouter } from './http';
import { ordersDatabase } from './mikro-orm.config';

let orm: MikroORM;
let acts: ReturnType<typeof createOrdersActivities>;
let server: http.Server;
let baseUrl: string;
const run = runActivity;
/** The credential the read API under test requires. */
const TOKEN = 'orders-read-api-test-token';

beforeAll(async () => {
  orm = await openServiceDatabase('orders', ordersDatabase);
  acts = createOrdersActivities({ orm });
  server = http.createServer(
    createHealthApp('orders', {}, createOrdersRouter({ orm }), { internalToken: TOKEN }).callback(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await orm.close(true);
});

const input = (over: Partial<CreateOrderInput> = {}): CreateOrderInput => ({
  orderId: randomUUID(),
  customerId: `test-${randomUUID()}`,
  idempotencyKey: randomUUID(),
  requestHash: 'a'.repeat(64),
  items: [{ productId: 'test-p1', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  ...over,
});
const create = (i: CreateOrderInput) => run(acts.createOrder, i);

describe('createOrder', () => {
  it('creates the record once and returns the stored record on a retry', async () => {
    const i = input();
    const first = await create(i);
    expect(first).toEqual({
      orderId: i.orderId,
      customerId: i.customerId,
      status: 'PENDING',
      items: i.items,
      totalCents: 2500,
      currency: 'EUR',
      idempotencyKey: i.idempotencyKey,
      requestHash: i.requestHash,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(first).not.toHaveProperty('failureReason');
    expect(first).not.toHaveProperty('trackingNumber');
    const second = await create({ ...i, requestHash: 'b'.repeat(64), totalCents: 1 });
    expect(second).toEqual(first);
    const rows = await orm.em
      .getConnection()
      .execute('select count(*)::int as n from orders where id = ?', [i.orderId]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("refuses another order id under a customer's used Idempotency-Key", async () => {
    const i = input();
    await create(i);
    const err = await activityFailure(create({ ...i, orderId: randomUUID() }));
    expect(err.type).toBe(ErrorTypes.ORDER_KEY_CONFLICT);
    expect(err.nonRetryable).toBe(true);
  });
});

describe('setOrderStatus', () => {
  it('sets status, reason and tracking number, and is idempotent', async () => {
    const i = input();
    await create(i);
    const set = (s: Parameters<typeof acts.setOrderStatus>[0]) => run(acts.setOrderStatus, s);
    expect(await set({ orderId: i.orderId, status: 'AWAITING_APPROVAL' })).toMatchObject({
      status: 'AWAITING_APPROVAL',
    });
    const confirmed = await set({ orderId: i.orderId, status: 'CONFIRMED' });
    expect(confirmed.status).toBe('CONFIRMED');
    expect(await set({ orderId: i.orderId, status: 'CONFIRMED' })).toMatchObject({ status: 'CONFIRMED' });
    const shipped = await set({ orderId: i.orderId, status: 'SHIPPED', trackingNumber: 'TRK-1' });
    expect(shipped).toMatchObject({ status: 'SHIPPED', trackingNumber: 'TRK-1' });
    expect(await set({ orderId: i.orderId, status: 'SHIPPED' })).toMatchObject({
      status: 'SHIPPED',
      trackingNumber: 'TRK-1',
    });
    expect(Date.parse(shipped.updatedAt)).toBeGreaterThanOrEqual(Date.parse(shipped.createdAt));
  });

  it('records the failure reason', async () => {
    const i = input();
    await create(i);
    expect(
      await run(acts.setOrderStatus, { orderId: i.orderId, status: 'FAILED', failureReason: 'OUT_OF_STOCK' }),
    ).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
  });

  it('never moves an order backwards or out of a final status (a stale attempt)', async () => {
    const i = input();
    await create(i);
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'CONFIRMED' });
    const back = await activityFailure(run(acts.setOrderStatus, { orderId: i.orderId, status: 'AWAITING_APPROVAL' }));
    expect(back.type).toBe(ErrorTypes.INVALID_ORDER_TRANSITION);
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'CANCELLED', failureReason: 'CUSTOMER_CANCELLED' });
    expect((await activityFailure(run(acts.setOrderStatus, { orderId: i.orderId, status: 'SHIPPED' }))).type).toBe(
      ErrorTypes.INVALID_ORDER_TRANSITION,
    );
  });

  it('refuses an unknown order with a non-retryable ORDER_NOT_FOUND', async () => {
    const err = await activityFailure(run(acts.setOrderStatus, { orderId: randomUUID(), status: 'CONFIRMED' }));
    expect(err.type).toBe(ErrorTypes.ORDER_NOT_FOUND);
    expect(err.nonRetryable).toBe(true);
  });
});

describe('outbox: the domain events of the orders service', () => {
  const eventsOf = (orderId: string) => outboxRows(orm, 'aggregate_id', orderId);

  it('writes order.created with the record and each status reached with its change, once each, in its schema', async () => {
    const i = input();
    await create(i);
    await create(i); // a retried activity
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'CONFIRMED' });
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'CONFIRMED' }); // retried
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'SHIPPED', trackingNumber: 'TRK-1' });
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['order.created', 'order.confirmed', 'order.shipped']);
    for (const row of rows) {
      expect(eventSchemaProblems(row.event)).toEqual([]);
      // (published_at is the relay's: the test stack's orders worker publishes these rows within milliseconds)
      expect(row).toMatchObject({ id: row.event.id, aggregate_id: i.orderId });
      expect(row.event.id).toBe(eventId(row.event.type, i.orderId));
      expect(row.event.metadata).toMatchObject({ source: 'orders', correlationId: i.orderId, version: 1 });
    }
    expect(rows[0]!.event.data).toEqual({
      orderId: i.orderId,
      customerId: i.customerId,
      items: i.items,
      totalCents: 2500,
      currency: 'EUR',
    });
    expect(rows[2]!.event.data).toEqual({
      orderId: i.orderId,
      customerId: i.customerId,
      status: 'SHIPPED',
      totalCents: 2500,
      trackingNumber: 'TRK-1',
    });
  });

  it('carries the request id of the activity, and the failure reason of a failed order', async () => {
    const i = input();
    await activityRequest.run({ requestId: 'req-outbox-1' }, () => create(i));
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
    const [created, failed] = await eventsOf(i.orderId);
    expect(created!.event.metadata.requestId).toBe('req-outbox-1');
    expect(failed!.event).toMatchObject({
      type: 'order.failed',
      data: { status: 'FAILED', failureReason: 'PAYMENT_DECLINED' },
    });
    expect(eventSchemaProblems(failed!.event)).toEqual([]);
  });

  it('writes no event for a change that did not happen: a refused transition, another order under a used key', async () => {
    const i = input();
    await create(i);
    await run(acts.setOrderStatus, { orderId: i.orderId, status: 'CANCELLED' });
    await activityFailure(run(acts.setOrderStatus, { orderId: i.orderId, status: 'CONFIRMED' }));
    const other = input({ customerId: i.customerId, idempotencyKey: i.idempotencyKey });
    await activityFailure(create(other));
    expect((await eventsOf(i.orderId)).map((r) => r.type)).toEqual(['order.created', 'order.cancelled']);
    expect(await eventsOf(other.orderId)).toEqual([]);
  });
});

describe('read API', () => {
  const get = async (path: string) => {
    const res = await fetch(baseUrl + path, { headers: internalAuthHeader(TOKEN) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('GET /orders/:id returns the record, 404 JSON when missing', async () => {
    const created = await create(input());
    expect(await get(`/orders/${created.orderId}`)).toEqual({ status: 200, body: created });
    const missing = await get(`/orders/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('GET /orders pages a customer’s orders newest first with a createdAt cursor', async () => {
    const customerId = `test-${randomUUID()}`;
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      ids.push((await create(input({ customerId }))).orderId);
      await new Promise((r) => setTimeout(r, 5));
    }
    await create(input()); // another customer's order stays out
    const page1 = await get(`/orders?customerId=${customerId}&limit=2`);
    const items1 = page1.body.items as OrderRecord[];
    expect(items1.map((o) => o.orderId)).toEqual([ids[4], ids[3]]);
    const page2 = await get(
      `/orders?customerId=${customerId}&limit=2&before=${encodeURIComponent(page1.body.nextCursor as string)}`,
    );
    expect((page2.body.items as OrderRecord[]).map((o) => o.orderId)).toEqual([ids[2], ids[1]]);
    const page3 = await get(
      `/orders?customerId=${customerId}&limit=2&before=${encodeURIComponent(page2.body.nextCursor as string)}`,
    );
    expect((page3.body.items as OrderRecord[]).map((o) => o.orderId)).toEqual([ids[0]]);
    expect(page3.body).not.toHaveProperty('nextCursor');
    expect((await get(`/orders?customerId=${customerId}`)).body.items as OrderRecord[]).toHaveLength(5);
    expect((await get('/orders')).status).toBe(400);
    expect((await get(`/orders?customerId=${customerId}&before=yesterday`)).status).toBe(400);
    expect(
      (await get(`/orders?customerId=${customerId}&before=${encodeURIComponent(`${new Date().toISOString()}_x'--`)}`))
        .status,
    ).toBe(400);
  });

  it('GET /orders neither skips nor repeats orders created in the same millisecond', async () => {
    const customerId = `test-${randomUUID()}`;
    const ids = new Set<string>();
    for (let n = 0; n < 5; n++) ids.add((await create(input({ customerId }))).orderId);
    await orm.em
      .getConnection()
      .execute('update orders set created_at = ? where customer_id = ?', [
        new Date('2026-01-01T00:00:00.000Z'),
        customerId,
      ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(
        `/orders?customerId=${customerId}&limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...(page.body.items as OrderRecord[]).map((o) => o.orderId));
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(ids);
  });
});
