import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import pino from 'pino';
import type { OrderCheckoutInput, OrderRecord, OrderStatus, OrderStatusView, ProductDto } from '../../contracts';
import { loadConfig } from '../../lib/config';
import { createApp } from '../app';
import { fakeRedis } from '../../test/support/fake-redis';


const CATALOG: ProductDto[] = [
  { id: 'p-1', name: 'Kettle', description: 'Boils water', priceCents: 2_500, currency: 'EUR' },
  { id: 'p-2', name: 'Teapot', description: 'Holds tea', priceCents: 4_000, currency: 'EUR' },
];

/**
 * One tiny HTTP server standing in for the orders, products and inventory read APIs:
 * `GET /orders/:id` (a stored record or 404), `GET /products`, `GET /stock`.
 */
function startServices() {
  const records = new Map<string, OrderRecord>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && order) {
      const record = records.get(decodeURIComponent(order[1]));
      return record ? send(200, record) : send(404, { error: 'not found' });
    }
    if (req.method === 'GET' && url.pathname === '/products') return send(200, { items: CATALOG });
    if (req.method === 'GET' && url.pathname === '/stock') {
      const ids = url.searchParams.getAll('productId');
      return send(200, { items: ids.map((productId) => ({ productId, available: 10, reserved: 0, sold: 0 })) });
    }
    send(404, { error: 'not found' });
  });
  return { server, records };
}

/** What the workflow answers the `placed` update with: the input priced from the catalog, as the orders service would store it. */
function recordFor(input: OrderCheckoutInput, status: OrderStatus = 'CONFIRMED'): OrderRecord {
  const items = input.items.map((i) => ({ ...i, unitPriceCents: CATALOG.find((p) => p.id === i.productId)?.priceCents ?? 0 }));
  return {
    orderId: input.orderId,
    customerId: input.customerId,
    status,
    items,
    totalCents: items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0),
    currency: 'EUR',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    idempotencyKey: input.idempotencyKey,
    requestHash: input.requestHash,
  };
}

type StartOp = WithStartWorkflowOperation<Workflow>;
type UpdateWithStartOptions = { waitForStage: string; startWorkflowOperation: StartOp };

/** A fake Temporal client covering only what orders.ts calls. */
function fakeTemporal() {
  let outcome: (input: OrderCheckoutInput) => Promise<OrderRecord> = async (input) => recordFor(input);
  const startUpdateWithStart = jest.fn(async (_name: string, options: UpdateWithStartOptions) => {
    const input = options.startWorkflowOperation.options.args?.[0] as OrderCheckoutInput;
    return { result: () => outcome(input) };
  });
  let live: () => Promise<OrderStatusView> = async () => ({ status: 'CONFIRMED' }) as OrderStatusView;
  const query = jest.fn(async (_name: string) => live());
  const signal = jest.fn(async (_name: string, _arg?: unknown) => undefined);
  const getHandle = jest.fn((_workflowId: string) => ({ query, signal }));
  return {
    client: { workflow: { startUpdateWithStart, getHandle } } as unknown as Client,
    startUpdateWithStart,
    getHandle,
    query,
    signal,
    setOutcome: (fn: typeof outcome) => (outcome = fn),
    setLive: (fn: typeof live) => (live = fn),
  };
}

const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = async (server: http.Server) => {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
};

let gateway: http.Server;
let services: ReturnType<typeof startServices>;
let temporal: ReturnType<typeof fakeTemporal>;
let base: string;

beforeEach(async () => {
  services = startServices();
  const port = String(await listen(services.server));
  const config = loadConfig({
    ORDERS_HTTP_PORT: port,
    PRODUCTS_HTTP_PORT: port,
    INVENTORY_HTTP_PORT: port,
    ORDER_PLACEMENT_WAIT: '200ms',
    APPROVAL_THRESHOLD_CENTS: '12345',
    APPROVAL_TIMEOUT: '15m',
    CHARGE_TIMEOUT: '7s',
  });
  temporal = fakeTemporal();
  const app = createApp({ temporal: temporal.client, redis: fakeRedis(), logger: pino({ level: 'silent' }), config });
  gateway = http.createServer(app.callback());
  base = `http://127.0.0.1:${await listen(gateway)}`;
});

afterEach(async () => {
  await close(gateway);
  await close(services.server);
});

/** Sends a JSON request to the gateway. */
async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const order = { items: [{ productId: 'p-1', quantity: 2 }, { productId: 'p-2', quantity: 1 }], paymentToken: 'tok_visa' };
/** `null` for customer or key leaves that header out. */
const place = (body: unknown, customer: string | null = 'cust-1', key: string | null = 'key-1', extra: Record<string, string> = {}) =>
  send('POST', '/api/orders', body, { ...(customer ? { 'X-Customer-Id': customer } : {}), ...(key ? { 'Idempotency-Key': key } : {}), ...extra });
const startOp = (call = 0) => temporal.startUpdateWithStart.mock.calls[call][1].startWorkflowOperation;
const ORDER_ID = /^[a-f0-9]{32}$/;

/** Places `order` once through the fake workflow and stores the resulting record in the orders service. */
async function placeAndStore(status: OrderStatus = 'CONFIRMED', customer = 'cust-1', key = 'key-1'): Promise<OrderRecord> {
  temporal.setOutcome(async (input) => recordFor(input, status));
  const res = await place(order, customer, key);
  expect(res.status).toBe(201);
  const record = recordFor(startOp(temporal.startUpdateWithStart.mock.calls.length - 1).options.args?.[0] as OrderCheckoutInput, status);
  services.records.set(record.orderId, record);
  temporal.startUpdateWithStart.mockClear();
  return record;
}

describe('POST /api/orders', () => {
  it('answers 401 UNAUTHENTICATED without X-Customer-Id and starts nothing', async () => {
    const res = await place(order, null);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('answers 400 IDEMPOTENCY_KEY_REQUIRED without Idempotency-Key and starts nothing', async () => {
    const res = await place(order, 'cust-1', null);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('places a valid order: 201, Location, public body, and a start operation built from the header and config only', async () => {
    const res = await place(order, 'cust-1', 'key-1', { 'X-Request-Id': 'req-1' });
    expect(res.status).toBe(201);
    const orderId = res.body.orderId as string;
    expect(orderId).toMatch(ORDER_ID);
    expect(res.headers.get('location')).toBe(`/api/orders/${orderId}`);
    expect(res.body).toMatchObject({ orderId, customerId: 'cust-1', status: 'CONFIRMED', totalCents: 9_000, currency: 'EUR' });
    expect(res.body).not.toHaveProperty('idempotencyKey');
    expect(res.body).not.toHaveProperty('requestHash');

    expect(temporal.startUpdateWithStart).toHaveBeenCalledTimes(1);
    expect(temporal.startUpdateWithStart.mock.calls[0][0]).toBe('placed');
    const op = startOp();
    expect(op.workflowTypeOrFunc).toBe('orderCheckout');
    expect(op.options).toMatchObject({
      workflowId: `order-${orderId}`,
      taskQueue: 'orders',
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    const input = op.options.args?.[0] as OrderCheckoutInput;
    expect(input).toEqual({
      orderId,
      customerId: 'cust-1',
      idempotencyKey: 'key-1',
      requestHash: expect.stringMatching(/^[a-f0-9]{64}$/),
      items: order.items,
      paymentToken: 'tok_visa',
      requestId: 'req-1',
      settings: { approvalThresholdCents: 12_345, approvalTimeoutMs: 15 * 60_000, chargeBudgetMs: 7_000 },
    });
    expect(input).not.toHaveProperty('totalCents');
    expect(input.items.every((i) => !('unitPriceCents' in i) && !('priceCents' in i))).toBe(true);
  });

  it.each([
    ['a total', { ...order, totalCents: 1 }],
    ['a unit price', { ...order, items: [{ productId: 'p-1', quantity: 1, unitPriceCents: 1 }] }],
    ['a customer id', { ...order, customerId: 'someone-else' }],
  ])('refuses a body carrying %s with 400 and starts nothing', async (_label, body) => {
    const res = await place(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('derives the same order id for the same customer and key, another for another customer', async () => {
    const first = await place(order, 'cust-1', 'key-1');
    const again = await place(order, 'cust-1', 'key-1');
    const other = await place(order, 'cust-2', 'key-1');
    const otherKey = await place(order, 'cust-1', 'key-2');
    expect(first.body.orderId).toMatch(ORDER_ID);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(other.body.orderId).not.toBe(first.body.orderId);
    expect(otherKey.body.orderId).not.toBe(first.body.orderId);
    expect(startOp(1).options.workflowId).toBe(startOp(0).options.workflowId);
    expect(startOp(2).options.workflowId).not.toBe(startOp(0).options.workflowId);
    expect((startOp(2).options.args?.[0] as OrderCheckoutInput).customerId).toBe('cust-2');
  });

  it('answers 202 PENDING with Location when the update result does not arrive within ORDER_PLACEMENT_WAIT', async () => {
    temporal.setOutcome(() => new Promise<OrderRecord>(() => undefined));
    const started = Date.now();
    const res = await place(order);
    expect(Date.now() - started).toBeLessThan(2_000); // the configured 200 ms, not the 2 s default
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: expect.stringMatching(ORDER_ID), customerId: 'cust-1', status: 'PENDING' });
    expect(res.headers.get('location')).toBe(`/api/orders/${res.body.orderId}`);
    expect(startOp().options.workflowId).toBe(`order-${res.body.orderId}`);
  });

  it('replays an existing record with the same request hash as 201 without calling the workflow', async () => {
    const record = await placeAndStore();
    const res = await place(order);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/orders/${record.orderId}`);
    const { idempotencyKey: _key, requestHash: _hash, ...dto } = record;
    expect(res.body).toStrictEqual(dto);
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key was used for a different body', async () => {
    await placeAndStore();
    const res = await place({ ...order, items: [{ productId: 'p-1', quantity: 3 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('answers 422 UNKNOWN_PRODUCT listing the unknown ids and starts nothing', async () => {
    const res = await place({ ...order, items: [{ productId: 'p-1', quantity: 1 }, { productId: 'ghost', quantity: 1 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('UNKNOWN_PRODUCT');
    expect(res.body.error.message).toContain('ghost');
    expect(res.body.error.message).not.toContain('p-1');
    expect(res.body.error.details).toEqual({ productIds: ['ghost'] });
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('answers 201 with the record when the workflow already ran (WorkflowExecutionAlreadyStartedError)', async () => {
    let stored: OrderRecord | undefined;
    temporal.startUpdateWithStart.mockImplementationOnce(async (_name, options) => {
      // the workflow ended between the gateway's record lookup and the start: its record exists now
      stored = recordFor(options.startWorkflowOperation.options.args?.[0] as OrderCheckoutInput, 'SHIPPED');
      services.records.set(stored.orderId, stored);
      throw Object.assign(new Error('Workflow execution already started'), { name: 'WorkflowExecutionAlreadyStartedError' });
    });
    const res = await place(order);
    expect(res.status).toBe(201);
    expect(stored).toBeDefined();
    expect(res.body).toMatchObject({ orderId: stored?.orderId, status: 'SHIPPED', totalCents: stored?.totalCents });
    expect(res.body).not.toHaveProperty('requestHash');
    expect(res.headers.get('location')).toBe(`/api/orders/${stored?.orderId}`);
  });

  it('answers 500 for WorkflowExecutionAlreadyStartedError when no record exists', async () => {
    temporal.startUpdateWithStart.mockRejectedValueOnce(Object.assign(new Error('already started'), { name: 'WorkflowExecutionAlreadyStartedError' }));
    const res = await place(order);
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
  });
});

describe('GET /api/orders/:id', () => {
  it("answers the owner's order without idempotency internals, and 404 to another customer", async () => {
    const record = await placeAndStore('CONFIRMED', 'cust-1');
    const own = await send('GET', `/api/orders/${record.orderId}`, undefined, { 'X-Customer-Id': 'cust-1' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ orderId: record.orderId, customerId: 'cust-1', status: 'CONFIRMED' });
    expect(own.body).not.toHaveProperty('idempotencyKey');

    const foreign = await send('GET', `/api/orders/${record.orderId}`, undefined, { 'X-Customer-Id': 'cust-2' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
  });
});

describe('POST /api/orders/:id/cancel', () => {
  const cancel = (orderId: string, customer = 'cust-1') => send('POST', `/api/orders/${orderId}/cancel`, undefined, { 'X-Customer-Id': customer });

  it('answers 409 ORDER_NOT_CANCELLABLE for a SHIPPED record and sends no signal', async () => {
    const record = await placeAndStore('SHIPPED');
    const res = await cancel(record.orderId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it('answers 202 and signals cancel when the live status is CONFIRMED', async () => {
    const record = await placeAndStore('CONFIRMED');
    temporal.setLive(async () => ({ orderId: record.orderId, status: 'CONFIRMED' }) as OrderStatusView);
    const res = await cancel(record.orderId);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: record.orderId, status: 'CONFIRMED', cancellation: 'REQUESTED' });
    expect(temporal.getHandle).toHaveBeenCalledWith(`order-${record.orderId}`);
    expect(temporal.query).toHaveBeenCalledWith('status');
    expect(temporal.signal).toHaveBeenCalledTimes(1);
    expect(temporal.signal.mock.calls[0][0]).toBe('cancel');
  });

  it('answers 409 and sends no signal when the live status is already SHIPPED', async () => {
    const record = await placeAndStore('CONFIRMED');
    temporal.setLive(async () => ({ orderId: record.orderId, status: 'SHIPPED' }) as OrderStatusView);
    const res = await cancel(record.orderId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(temporal.query).toHaveBeenCalled();
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it("answers 404 for another customer's order and sends no signal", async () => {
    const record = await placeAndStore('CONFIRMED', 'cust-1');
    const res = await cancel(record.orderId, 'cust-2');
    expect(res.status).toBe(404);
    expect(temporal.getHandle).not.toHaveBeenCalled();
    expect(temporal.signal).not.toHaveBeenCalled();
  });
});
