import http from 'node:http';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import {
  EVENT_STREAMS,
  STREAM_ENTRY_FIELDS,
  type OrderRecord,
  type OrderStreamStatus,
  type OrderTimelineEntry,
} from '../../contracts';
import { loadConfig } from '../../lib/config';
import { compareStreamIds } from '../../lib/stream-ids';
import { fakeRedis } from '../../test/support/fake-redis';
import { closeServer, listenLocal } from '../../test/support/local-server';
import { openSse } from '../../test/support/sse-client';
import { createApp } from '../app';
import type { TokenVerifier } from '../auth/token-verifier';
import { HttpError } from '../http-error';
import type {
  OrderEventFeed,
  OrderEventSubscriber,
  OrderStreamEntry,
  RawStreamEntry,
} from '../services/order-event-tail';

const ORDER = 'a'.repeat(32);
const FOREIGN = 'b'.repeat(32);

/** Token `t-<customerId>` names that customer. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (/^t-[A-Za-z0-9-]+$/.test(token)) return { customerId: token.slice(2) };
    throw new HttpError(401, 'INVALID_TOKEN', 'The access token is not valid.');
  },
};
const asCustomer = { Authorization: 'Bearer t-c-1' };

const record = (orderId: string, customerId: string, status: OrderRecord['status']): OrderRecord => ({
  orderId,
  customerId,
  status,
  items: [{ productId: 'p-1', quantity: 2, unitPriceCents: 1200 }],
  totalCents: 2400,
  currency: 'EUR',
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:01.000Z',
  idempotencyKey: 'k',
  requestHash: 'h',
});

let clock = 1_000;
/** An `events.orders` entry as the relay writes it, with the next stream id. */
function entry(orderId: string, type: string, data: Record<string, unknown> = {}): OrderStreamEntry {
  clock += 1;
  const status = { 'order.confirmed': 'CONFIRMED', 'order.shipped': 'SHIPPED', 'order.cancelled': 'CANCELLED' }[type];
  return {
    streamId: `${clock}-0`,
    eventId: `e-${clock}`,
    type,
    correlationId: orderId,
    event: JSON.stringify({
      id: `e-${clock}`,
      type,
      data: { orderId, customerId: 'c-1', totalCents: 2400, ...(status ? { status } : {}), ...data },
      metadata: { timestamp: new Date(clock).toISOString(), version: 1, source: 'orders', correlationId: orderId },
    }),
  };
}

/** The order read API: `GET /orders/:id` (after `delayMs`, calling `onRead`), `GET /orders/:id/events`. */
function startOrdersService() {
  const records = new Map<string, OrderRecord>();
  const timelines = new Map<string, OrderTimelineEntry[]>();
  const hooks = { delayMs: 0, onRead: () => undefined as void };
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const events = /^\/orders\/([^/]+)\/events$/.exec(path);
    if (events) {
      const items = timelines.get(events[1]!);
      return items ? send(200, { items }) : send(404, { error: 'not found' });
    }
    const one = /^\/orders\/([^/]+)$/.exec(path);
    if (one) {
      setTimeout(() => {
        hooks.onRead();
        const found = records.get(one[1]!);
        return found ? send(200, found) : send(404, { error: 'not found' });
      }, hooks.delayMs);
      return;
    }
    send(404, { error: 'not found' });
  });
  return { server, records, timelines, hooks };
}

/** An in-memory feed standing in for the process's tail: `emit` hands an entry to its order's subscribers. */
function fakeFeed() {
  const subscribers = new Map<string, Set<OrderEventSubscriber>>();
  let closed = false;
  const feed: OrderEventFeed = {
    subscribe(orderId, subscriber) {
      const set = subscribers.get(orderId) ?? new Set();
      subscribers.set(orderId, set);
      set.add(subscriber);
      return () => set.delete(subscriber);
    },
    get closed() {
      return closed;
    },
  };
  return {
    feed,
    emit: (e: OrderStreamEntry) => subscribers.get(e.correlationId)?.forEach((s) => s.entry(e)),
    close: () => {
      closed = true;
      subscribers.forEach((set) => set.forEach((s) => s.end()));
    },
    count: () => [...subscribers.values()].reduce((n, set) => n + set.size, 0),
  };
}

/** The gateway's Redis with `events.orders` entries for XRANGE (inclusive, or exclusive with `(`). */
function redisWithStream(entries: OrderStreamEntry[]) {
  const redis = fakeRedis() as unknown as Record<string, unknown>;
  redis.xrange = async (key: string, start: string, _end: string, _count: string, count: number) => {
    if (key !== EVENT_STREAMS.orders) return [];
    const exclusive = start.startsWith('(');
    const from = exclusive ? start.slice(1) : start;
    return entries
      .filter((e) => compareStreamIds(e.streamId, from) >= (exclusive ? 1 : 0))
      .slice(0, count)
      .map((e): RawStreamEntry => [
        e.streamId,
        [
          STREAM_ENTRY_FIELDS.id,
          e.eventId,
          STREAM_ENTRY_FIELDS.type,
          e.type,
          STREAM_ENTRY_FIELDS.correlationId,
          e.correlationId,
          STREAM_ENTRY_FIELDS.event,
          e.event,
        ],
      ]);
  };
  return redis;
}

let service: ReturnType<typeof startOrdersService>;
let feed: ReturnType<typeof fakeFeed>;
let stream: OrderStreamEntry[];
let gateway: http.Server;
let base: string;

beforeEach(async () => {
  service = startOrdersService();
  const port = new URL(await listenLocal(service.server)).port;
  feed = fakeFeed();
  stream = [];
  const app = createApp({
    temporal: {} as Client,
    redis: redisWithStream(stream) as never,
    logger: pino({ level: 'silent' }),
    verifier,
    orderEvents: feed.feed,
    config: loadConfig({ ORDERS_HTTP_PORT: port, SSE_HEARTBEAT: '100ms', SERVICE_CALL_TIMEOUT: '1s' }),
  });
  gateway = http.createServer(app.callback());
  base = await listenLocal(gateway);
  service.records.set(ORDER, record(ORDER, 'c-1', 'PENDING'));
  service.records.set(FOREIGN, record(FOREIGN, 'c-2', 'CONFIRMED'));
});

afterEach(async () => {
  await closeServer(gateway);
  await closeServer(service.server);
});

const statuses = (events: { data: string }[]) =>
  events.map((e) => {
    const s = JSON.parse(e.data) as OrderStreamStatus;
    return `${s.status}/${s.cause}`;
  });
const until = async (check: () => boolean) => {
  for (const deadline = Date.now() + 2_000; !check(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > deadline) throw new Error('condition not met in time');
};

describe('GET /api/orders/:id/stream', () => {
  it('refuses before streaming with the usual JSON errors: no token 401, a foreign, unknown or malformed order 404', async () => {
    const anonymous = await openSse(`${base}/api/orders/${ORDER}/stream`);
    expect(anonymous.status).toBe(401);
    for (const id of [FOREIGN, 'c'.repeat(32), 'not-an-order']) {
      const res = await openSse(`${base}/api/orders/${id}/stream`, asCustomer);
      expect({ id, status: res.status, code: (res.body?.error as { code: string }).code }).toEqual({
        id,
        status: 404,
        code: 'ORDER_NOT_FOUND',
      });
      expect(res.headers.get('content-type')).toContain('application/json');
    }
    const badId = await openSse(`${base}/api/orders/${ORDER}/stream`, { ...asCustomer, 'Last-Event-ID': 'nope' });
    expect(badId.status).toBe(400);
    expect((badId.body?.error as { code: string }).code).toBe('VALIDATION_FAILED');
    const query = await openSse(`${base}/api/orders/${ORDER}/stream?x=1`, asCustomer);
    expect(query.status).toBe(400);
    expect(feed.count()).toBe(0);
  });

  it('answers with event-stream headers, the edge headers and retry, and sends the current status at once', async () => {
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, { ...asCustomer, Origin: 'http://localhost:3000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('ratelimit-limit')).toBe('300');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const [snapshot] = await res.waitForEvents(1);
    expect(res.retry).toBe(3000);
    expect(snapshot).toEqual({
      event: 'status',
      data: JSON.stringify({
        orderId: ORDER,
        status: 'PENDING',
        totalCents: 2400,
        cause: 'snapshot',
        at: '2026-12-02T10:00:01.000Z',
      }),
    });
    res.close();
  });

  it('sends each change once, forward only, each with its stream id, and ends after a final status', async () => {
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await res.waitForEvents(1);
    const created = entry(ORDER, 'order.created', { items: [], currency: 'EUR' }); // what the snapshot showed
    const confirmed = entry(ORDER, 'order.confirmed');
    const shipped = entry(ORDER, 'order.shipped', { trackingNumber: 'TRK-9' });
    for (const e of [created, confirmed, entry(FOREIGN, 'order.shipped'), confirmed, created, shipped]) feed.emit(e);
    await res.ended;
    expect(statuses(res.events)).toEqual(['PENDING/snapshot', 'CONFIRMED/order.confirmed', 'SHIPPED/order.shipped']);
    expect(res.events.map((e) => e.id)).toEqual([undefined, confirmed.streamId, shipped.streamId]);
    expect(JSON.parse(res.events[2]!.data)).toMatchObject({ trackingNumber: 'TRK-9', orderId: ORDER });
    expect(feed.count()).toBe(0);
  });

  it('ends at once, after the snapshot, for an order already final', async () => {
    service.records.set(ORDER, { ...record(ORDER, 'c-1', 'FAILED'), failureReason: 'PAYMENT_DECLINED' });
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await res.ended;
    expect(statuses(res.events)).toEqual(['FAILED/snapshot']);
    expect(JSON.parse(res.events[0]!.data).failureReason).toBe('PAYMENT_DECLINED');
    expect(feed.count()).toBe(0);
  });

  it('delivers a change made while the snapshot is read (it subscribes first)', async () => {
    const confirmed = entry(ORDER, 'order.confirmed');
    service.hooks.delayMs = 50;
    service.hooks.onRead = () => feed.emit(confirmed); // published just before the read answers PENDING
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await res.waitForEvents(2);
    expect(statuses(res.events)).toEqual(['PENDING/snapshot', 'CONFIRMED/order.confirmed']);
    res.close();
  });

  it('writes heartbeat comments while nothing happens', async () => {
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await until(() => res.comments.length >= 2);
    expect(res.comments.slice(0, 2)).toEqual(['heartbeat', 'heartbeat']);
    res.close();
  });

  it('unsubscribes when the client goes away', async () => {
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await res.waitForEvents(1);
    expect(feed.count()).toBe(1);
    res.close();
    await until(() => feed.count() === 0);
  });

  it('with Last-Event-ID sends only what followed it (the status at that id counts as had), then live', async () => {
    const created = entry(ORDER, 'order.created', { items: [], currency: 'EUR' });
    const confirmed = entry(ORDER, 'order.confirmed');
    stream.push(created, entry(FOREIGN, 'order.confirmed'), confirmed);
    service.records.set(ORDER, record(ORDER, 'c-1', 'CONFIRMED'));

    const afterCreated = await openSse(`${base}/api/orders/${ORDER}/stream`, {
      ...asCustomer,
      'Last-Event-ID': created.streamId,
    });
    await afterCreated.waitForEvents(1);
    const afterConfirmed = await openSse(`${base}/api/orders/${ORDER}/stream`, {
      ...asCustomer,
      'Last-Event-ID': confirmed.streamId,
    });
    const shipped = entry(ORDER, 'order.shipped');
    stream.push(shipped);
    await until(() => feed.count() === 2);
    feed.emit(confirmed); // a late copy of what was replayed
    feed.emit(shipped);
    await Promise.all([afterCreated.ended, afterConfirmed.ended]);
    expect(statuses(afterCreated.events)).toEqual(['CONFIRMED/order.confirmed', 'SHIPPED/order.shipped']);
    expect(afterCreated.events.map((e) => e.id)).toEqual([confirmed.streamId, shipped.streamId]);
    expect(statuses(afterConfirmed.events)).toEqual(['SHIPPED/order.shipped']);

    // the final status already had: 204, which tells an EventSource to stop reconnecting
    const done = await fetch(`${base}/api/orders/${ORDER}/stream`, {
      headers: { ...asCustomer, 'Last-Event-ID': shipped.streamId },
    });
    expect(done.status).toBe(204);
    expect(feed.count()).toBe(0);
  });

  it('sends the current status when the Last-Event-ID is not in the stream any more (trimmed)', async () => {
    service.records.set(ORDER, record(ORDER, 'c-1', 'CONFIRMED'));
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, { ...asCustomer, 'Last-Event-ID': '5-0' });
    await res.waitForEvents(1);
    expect(statuses(res.events)).toEqual(['CONFIRMED/snapshot']);
    res.close();
  });

  it('answers HEAD with the stream headers and keeps no subscription', async () => {
    const res = await fetch(`${base}/api/orders/${ORDER}/stream`, { method: 'HEAD', headers: asCustomer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await until(() => feed.count() === 0);
  });

  it('ends open streams when the feed closes (shutdown), and refuses new ones with 503', async () => {
    const res = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    await res.waitForEvents(1);
    feed.close();
    await res.ended;
    const late = await openSse(`${base}/api/orders/${ORDER}/stream`, asCustomer);
    expect(late.status).toBe(503);
    expect((late.body?.error as { code: string }).code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('GET /api/orders/:id/events', () => {
  const timeline: OrderTimelineEntry[] = [
    {
      eventId: 'e-1',
      type: 'order.created',
      source: 'orders',
      occurredAt: '2026-12-02T10:00:00.000Z',
      data: { orderId: ORDER },
    },
  ];
  const get = async (id: string, headers: Record<string, string> = asCustomer) => {
    const res = await fetch(`${base}/api/orders/${id}/events`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it("answers the owner with the order's timeline from the orders service (its fields only)", async () => {
    service.timelines.set(ORDER, [{ ...timeline[0]!, extra: 'internal' } as OrderTimelineEntry]);
    expect(await get(ORDER)).toEqual({ status: 200, body: { items: timeline } });
  });

  it('is 404 for a foreign or unknown order, or one the service has no timeline of; 401 without a token', async () => {
    service.timelines.set(FOREIGN, timeline);
    for (const id of [FOREIGN, 'c'.repeat(32), ORDER])
      expect({ id, ...(await get(id)) }).toMatchObject({
        id,
        status: 404,
        body: { error: { code: 'ORDER_NOT_FOUND' } },
      });
    expect((await get(ORDER, {})).status).toBe(401);
  });
});
