import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  EVENT_STREAMS,
  ORDER_MESSAGES,
  STREAM_ENTRY_FIELDS,
  type OrderDto,
  type OrderStreamStatus,
  type OrderTimelineEntry,
} from '../../contracts';
import { statusRank } from '../../api/services/order-status';
import { startGateway, type GatewayProcess } from '../support/gateway-process';
import { api, eventually, gatewayUrl } from '../support/http';
import { bearer, newCustomer, placeOrder, signal, temporalClient, type Customer } from '../support/orders';
import { openSse, type SseEvent, type SseStream } from '../support/sse-client';
import { testConfig } from '../support/test-env';

// The live order stream end to end: orders placed through the real gateway, their events published by the orders
// service's outbox relay to events.orders, read by each gateway process's tail, streamed to a real HTTP client.

const MUG = 'sku-ceramic-mug';
const config = testConfig();
const redis = new Redis(config.redisUrl);
let second: GatewayProcess | undefined;

afterAll(async () => {
  await second?.stop();
  redis.disconnect();
  await (await temporalClient()).connection.close();
});

/** Places a one-mug order that confirms (tok_ok); returns its id. */
async function placeMug(customer: Customer): Promise<string> {
  const res = await placeOrder(customer, `key-${randomUUID()}`, {
    items: [{ productId: MUG, quantity: 1 }],
    paymentToken: 'tok_ok',
  });
  expect(res.status).toBe(201);
  return (res.body as unknown as OrderDto).orderId;
}

/** Opens the order's stream on the gateway at `base` as `customer`. */
const openStream = (base: string, customer: Customer, orderId: string, lastEventId?: string): Promise<SseStream> =>
  openSse(`${base}/api/orders/${orderId}/stream`, {
    ...bearer(customer),
    ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
  });

const statusOf = (e: SseEvent) => JSON.parse(e.data) as OrderStreamStatus;

/** Waits until the stream has sent `status`; returns every event so far. */
async function waitForStatus(stream: SseStream, status: string, timeoutMs = 60_000): Promise<SseEvent[]> {
  const reached = await eventually(async () => stream.events.some((e) => statusOf(e).status === status), timeoutMs, 50);
  if (!reached) throw new Error(`no ${status} on the stream; got ${JSON.stringify(stream.events)}`);
  return stream.events.slice();
}

/** The order's entries of events.orders, oldest first, once `types` are all there (the relay publishes after the commit). */
async function entriesOf(orderId: string, types: string[]): Promise<{ id: string; type: string }[]> {
  let entries: { id: string; type: string }[] = [];
  const complete = await eventually(async () => {
    const raw = await redis.xrange(EVENT_STREAMS.orders, '-', '+');
    entries = raw
      .map(([id, fields]) => ({ id, field: (name: string) => fields[fields.indexOf(name) + 1] }))
      .filter((e) => e.field(STREAM_ENTRY_FIELDS.correlationId) === orderId)
      .map((e) => ({ id: e.id, type: e.field(STREAM_ENTRY_FIELDS.type)! }));
    return types.every((t) => entries.some((e) => e.type === t));
  }, 30_000);
  if (!complete) throw new Error(`events.orders has ${JSON.stringify(entries)} for ${orderId}, not all of ${types}`);
  return entries;
}

describe('GET /api/orders/:id/stream on the real stack', () => {
  it('streams an order to CONFIRMED, then SHIPPED on two gateway processes; a reconnect gets only what followed its Last-Event-ID', async () => {
    second = await startGateway(config.GATEWAY_PORT + 171, {});
    const customer = await newCustomer();
    const orderId = await placeMug(customer);

    const first = await openStream(gatewayUrl(), customer, orderId);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(first.headers.get('x-accel-buffering')).toBe('no');
    expect(first.headers.get('x-request-id')).toBeTruthy();
    const upToConfirmed = (await waitForStatus(first, 'CONFIRMED')).map(statusOf);
    expect(upToConfirmed[0]!.cause).toBe('snapshot'); // the current status at once: PENDING, or CONFIRMED already
    expect(upToConfirmed[upToConfirmed.length - 1]!.status).toBe('CONFIRMED');
    for (let i = 1; i < upToConfirmed.length; i++)
      expect(statusRank(upToConfirmed[i]!.status)).toBeGreaterThan(statusRank(upToConfirmed[i - 1]!.status));
    expect(first.retry).toBe(3000);

    const [created, confirmed] = await entriesOf(orderId, ['order.created', 'order.confirmed']);
    expect([created!.type, confirmed!.type]).toEqual(['order.created', 'order.confirmed']);

    // on the second gateway: after order.created, the confirmation (replayed from the stream, with its id, no snapshot)
    const afterCreated = await openStream(second.url, customer, orderId, created!.id);
    await afterCreated.waitForEvents(1);
    expect(afterCreated.events[0]).toMatchObject({ id: confirmed!.id, event: 'status' });
    expect(statusOf(afterCreated.events[0]!)).toMatchObject({ status: 'CONFIRMED', cause: 'order.confirmed' });
    // after order.confirmed: nothing yet (the client has CONFIRMED)
    const afterConfirmed = await openStream(second.url, customer, orderId, confirmed!.id);
    expect(afterConfirmed.status).toBe(200);

    await signal(orderId, ORDER_MESSAGES.ship, { trackingNumber: 'TRK-SSE-1' });
    const [, , shipped] = await entriesOf(orderId, ['order.created', 'order.confirmed', 'order.shipped']);
    for (const stream of [first, afterCreated, afterConfirmed]) {
      await stream.ended; // the stream closes after the final status
      const last = stream.events[stream.events.length - 1]!;
      expect(last.id).toBe(shipped!.id);
      expect(statusOf(last)).toMatchObject({ status: 'SHIPPED', cause: 'order.shipped', trackingNumber: 'TRK-SSE-1' });
    }
    expect(afterConfirmed.events).toHaveLength(1);
    expect(afterCreated.events.map((e) => statusOf(e).status)).toEqual(['CONFIRMED', 'SHIPPED']);

    // a browser reconnecting after the final status is told to stop (204)
    const done = await fetch(`${second.url}/api/orders/${orderId}/stream`, {
      headers: { ...bearer(customer), 'Last-Event-ID': shipped!.id },
    });
    expect(done.status).toBe(204);
  });

  it('refuses a foreign or unknown order with the JSON 404, and without a token 401', async () => {
    const owner = await newCustomer();
    const stranger = await newCustomer();
    const orderId = await placeMug(owner);
    for (const [who, id] of [
      [stranger, orderId],
      [owner, 'f'.repeat(32)],
    ] as const) {
      const res = await openStream(gatewayUrl(), who, id);
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 404,
        body: { error: { code: 'ORDER_NOT_FOUND' } },
      });
    }
    expect((await openSse(`${gatewayUrl()}/api/orders/${orderId}/stream`)).status).toBe(401);
  });

  it("answers the owner's GET /api/orders/:id/events with the order's timeline", async () => {
    const owner = await newCustomer();
    const orderId = await placeMug(owner);
    let items: OrderTimelineEntry[] = [];
    const complete = await eventually(async () => {
      const res = await api('GET', `/api/orders/${orderId}/events`, undefined, bearer(owner));
      items = (res.body.items ?? []) as OrderTimelineEntry[];
      return res.status === 200 && items.some((i) => i.type === 'order.confirmed');
    }, 60_000);
    expect({ complete, items }).toMatchObject({ complete: true });
    // the order's events of every service (stock, payment), each once
    expect(items.find((i) => i.type === 'order.created')).toMatchObject({ source: 'orders', data: { orderId } });
    expect(new Set(items.map((i) => i.eventId)).size).toBe(items.length);
    const stranger = await newCustomer();
    expect((await api('GET', `/api/orders/${orderId}/events`, undefined, bearer(stranger))).status).toBe(404);
  });

  it('ends its open streams when a gateway process stops, so it stops at once', async () => {
    second ??= await startGateway(config.GATEWAY_PORT + 171, {});
    const customer = await newCustomer();
    const orderId = await placeMug(customer);
    const stream = await openStream(second.url, customer, orderId);
    await waitForStatus(stream, 'CONFIRMED'); // CONFIRMED waits for `ship`: the stream stays open
    const started = Date.now();
    await second.stop();
    second = undefined;
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
