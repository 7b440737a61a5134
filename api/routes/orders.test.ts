import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WithStartWorkflowOperation,
} from '@temporalio/client';
import {
  ApplicationFailure,
  SearchAttributeType,
  TypedSearchAttributes,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  defaultPayloadConverter,
  defineSearchAttributeKey,
  type Workflow,
} from '@temporalio/common';
import pino from 'pino';
import {
  FINAL_STATUSES,
  type OrderCheckoutInput,
  type OrderRecord,
  type OrderStatus,
  type ProductDto,
} from '../../contracts';
import { loadConfig } from '../../lib/config';
import { createApp } from '../app';
import { deriveOrderId as deriveId } from '../order-identity';
import type { TokenVerifier } from '../auth/token-verifier';
import { HttpError } from '../http-error';
import { fakeRedis } from '../../test/support/fake-redis';
import { closeServer, listenLocal, rawRequest } from '../../test/support/local-server';

const CATALOG: ProductDto[] = [
  { id: 'p-1', name: 'Kettle', description: 'Boils water', priceCents: 2_500, currency: 'EUR' },
  { id: 'p-2', name: 'Teapot', description: 'Holds tea', priceCents: 4_000, currency: 'EUR' },
];

/** Token `t-<customerId>` names that customer; anything else is refused like a badly signed token. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (/^t-[A-Za-z0-9-]+$/.test(token)) return { customerId: token.slice(2) };
    throw new HttpError(401, 'INVALID_TOKEN', 'The access token is not valid.');
  },
};

/** The orders service's keyset order: newest `createdAt` first, then the larger id first. */
const newestFirst = (a: OrderRecord, b: OrderRecord) =>
  b.createdAt.localeCompare(a.createdAt) || b.orderId.localeCompare(a.orderId);

/**
 * One tiny HTTP server standing in for the orders, products and inventory read APIs: `GET /orders/:id` (a stored record
 * or 404), `GET /orders?customerId=&limit=&before=` (that customer's records, newest first, keyset-paged like the real
 * service), `GET /products`, `GET /stock`. Every request it gets is kept in `calls`; a service named in `down` (`orders`,
 * `products`, `stock`) answers 503 like one whose database is gone.
 */
function startServices() {
  const records = new Map<string, OrderRecord>();
  const calls: URL[] = [];
  const down = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    calls.push(url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (down.has(url.pathname.split('/')[1] ?? '')) return send(503, { error: 'database down' });
    if (req.method === 'GET' && url.pathname === '/orders') {
      const customerId = url.searchParams.get('customerId');
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const before = url.searchParams.get('before');
      const cursorOf = (r: OrderRecord) => `${r.createdAt}_${r.orderId}`;
      const older = (r: OrderRecord) => {
        if (!before) return true;
        const [createdAt, orderId] = before.split('_');
        return r.createdAt < createdAt! || (r.createdAt === createdAt && r.orderId < orderId!);
      };
      const rows = [...records.values()].filter((r) => r.customerId === customerId && older(r)).sort(newestFirst);
      const items = rows.slice(0, limit);
      return send(200, { items, ...(rows.length > limit ? { nextCursor: cursorOf(items[items.length - 1]!) } : {}) });
    }
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
  return { server, records, calls, down };
}

/** What the workflow answers the `placed` update with: the input priced from the catalog, as the orders service would store it. */
function recordFor(input: OrderCheckoutInput, status: OrderStatus = 'CONFIRMED'): OrderRecord {
  const items = input.items.map((i) => ({
    ...i,
    unitPriceCents: CATALOG.find((p) => p.id === i.productId)?.priceCents ?? 0,
  }));
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
type UpdateWithStartOptions = {
  args?: [{ requestHash: string }?];
  waitForStage: string;
  startWorkflowOperation: StartOp;
};
/** One order workflow as the fake Temporal keeps it. */
interface FakeWorkflow {
  input: OrderCheckoutInput;
  running: boolean;
  status: OrderStatus;
  customerId?: string;
  validates: boolean;
}

const STATUS = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
const CUSTOMER = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
const unreachable = () =>
  new ServiceError('Update-With-Start failed', {
    cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
  });

/**
 * A fake Temporal client covering what the order routes call, with the server's semantics they rely on: update-with-start
 * starts the workflow or joins the running one (USE_EXISTING), refuses a closed one (REJECT_DUPLICATE), and the `placed`
 * validator refuses another request hash. `temporal` down fails every call as unreachable; `hanging` never answers (even an
 * abort); `worker` stopped starts the workflow but holds the update until the call is aborted, as the real server does.
 */
function fakeTemporal() {
  const workflows = new Map<string, FakeWorkflow>();
  const mode = { temporal: 'up' as 'up' | 'down' | 'hanging', worker: 'up' as 'up' | 'stopped' };
  const signals = new AsyncLocalStorage<AbortSignal>();
  let outcome: (input: OrderCheckoutInput) => Promise<OrderRecord> = async (input) => recordFor(input);
  /** What every call does first when Temporal is not up. */
  const reach = () =>
    mode.temporal === 'down'
      ? Promise.reject(unreachable())
      : mode.temporal === 'hanging'
        ? new Promise<never>(() => undefined)
        : Promise.resolve();
  const aborted = () =>
    new Promise<never>((_, reject) => {
      const signal = signals.getStore();
      signal?.addEventListener('abort', () =>
        reject(new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client')),
      );
    });

  const startUpdateWithStart = jest.fn(async (_name: string, options: UpdateWithStartOptions) => {
    await reach();
    const { workflowId, args, typedSearchAttributes } = options.startWorkflowOperation.options;
    const input = args?.[0] as OrderCheckoutInput;
    let wf = workflows.get(workflowId);
    if (wf && !wf.running)
      throw new WorkflowExecutionAlreadyStartedError('Workflow execution already started', workflowId, 'orderCheckout');
    if (!wf) {
      const attrs = typedSearchAttributes as TypedSearchAttributes | undefined;
      wf = { input, running: true, status: 'PENDING', customerId: attrs?.get(CUSTOMER), validates: true };
      workflows.set(workflowId, wf);
    }
    if (mode.worker === 'stopped') return aborted();
    const sent = options.args?.[0];
    if (wf.validates && sent && sent.requestHash !== wf.input.requestHash) {
      return {
        result: async () => {
          throw new WorkflowUpdateFailedError(
            'Workflow Update failed',
            ApplicationFailure.nonRetryable('reused', 'IDEMPOTENCY_KEY_REUSED'),
          );
        },
      };
    }
    const started = wf.input;
    return { result: () => outcome(started) };
  });
  const describe = jest.fn(async (workflowId: string) => {
    await reach();
    const wf = workflows.get(workflowId);
    if (!wf) throw new WorkflowNotFoundError(`workflow not found for ID: ${workflowId}`, workflowId, undefined);
    return {
      status: { name: wf.running ? 'RUNNING' : 'COMPLETED' },
      typedSearchAttributes: new TypedSearchAttributes([
        { key: STATUS, value: wf.status },
        ...(wf.customerId ? [{ key: CUSTOMER, value: wf.customerId }] : []),
      ]),
    };
  });
  const signal = jest.fn(async (_workflowId: string, _name: string, _arg?: unknown) => {
    await reach();
  });
  const getHandle = jest.fn((workflowId: string) => ({
    describe: () => describe(workflowId),
    signal: (name: string, arg?: unknown) => signal(workflowId, name, arg),
  }));
  const getWorkflowExecutionHistory = jest.fn(async (req: { execution: { workflowId: string } }) => {
    await reach();
    const wf = workflows.get(req.execution.workflowId);
    if (!wf) throw Object.assign(new Error('5 NOT_FOUND: workflow not found'), { code: 5 });
    return {
      history: {
        events: [
          {
            workflowExecutionStartedEventAttributes: {
              input: { payloads: [defaultPayloadConverter.toPayload(wf.input)] },
            },
          },
        ],
      },
    };
  });
  const client = {
    workflow: { startUpdateWithStart, getHandle },
    workflowService: { getWorkflowExecutionHistory },
    options: { namespace: 'default', loadedDataConverter: { payloadConverter: defaultPayloadConverter } },
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    withAbortSignal: (abort: AbortSignal, fn: () => Promise<unknown>) => signals.run(abort, fn),
  };
  return {
    client: client as unknown as Client,
    workflows,
    mode,
    startUpdateWithStart,
    getHandle,
    describe,
    signal,
    getWorkflowExecutionHistory,
    setOutcome: (fn: typeof outcome) => (outcome = fn),
    /** The fake workflow of an order. */
    workflow: (orderId: string) => workflows.get(`order-${orderId}`)!,
  };
}

const listen = async (server: http.Server) => Number(new URL(await listenLocal(server)).port);
const close = closeServer;

let gateway: http.Server;
let services: ReturnType<typeof startServices>;
let temporal: ReturnType<typeof fakeTemporal>;
let base: string;
/** Every line the gateway logged (level debug and up), parsed. */
let logged: Array<{
  level: number;
  msg: string;
  dependency?: string;
  reason?: string;
  err?: unknown;
  requestId?: string;
}>;
/** When true, the gateway's Redis fails every cache command (the rate limiter then counts in memory). */
let redisDown = false;

/** A fake Redis whose cache commands fail while `redisDown` is set. */
function switchableRedis() {
  const redis = fakeRedis();
  const commands = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const command of ['get', 'set']) {
    const real = commands[command]!.bind(redis);
    commands[command] = (...args: unknown[]) =>
      redisDown ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6380')) : real(...args);
  }
  return redis;
}

/** Serves a fresh gateway against the stub services; `env` adds settings (e.g. a rate limit). */
async function bootGateway(port: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    ORDERS_HTTP_PORT: port,
    PRODUCTS_HTTP_PORT: port,
    INVENTORY_HTTP_PORT: port,
    ORDER_PLACEMENT_WAIT: '200ms',
    SERVICE_CALL_TIMEOUT: '300ms',
    TEMPORAL_CALL_TIMEOUT: '300ms',
    APPROVAL_THRESHOLD_CENTS: '12345',
    APPROVAL_TIMEOUT: '15m',
    CHARGE_TIMEOUT: '7s',
    ...env,
  });
  temporal = fakeTemporal();
  logged = [];
  redisDown = false;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const app = createApp({ temporal: temporal.client, redis: switchableRedis(), logger, config, verifier });
  gateway = http.createServer(app.callback());
  base = `http://127.0.0.1:${await listen(gateway)}`;
}

let servicesPort: string;

beforeEach(async () => {
  services = startServices();
  servicesPort = String(await listen(services.server));
  await bootGateway(servicesPort);
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
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const order = {
  items: [
    { productId: 'p-1', quantity: 2 },
    { productId: 'p-2', quantity: 1 },
  ],
  paymentToken: 'tok_visa',
};
const otherOrder = { ...order, items: [{ productId: 'p-1', quantity: 3 }] };
/** The Authorization header of `customer` (a token the fake verifier accepts). */
const as = (customer: string) => ({ Authorization: `Bearer t-${customer}` });
/** `null` for customer or key leaves that header out. */
const place = (
  body: unknown,
  customer: string | null = 'cust-1',
  key: string | null = 'key-1',
  extra: Record<string, string> = {},
) =>
  send('POST', '/api/orders', body, {
    ...(customer ? as(customer) : {}),
    ...(key ? { 'Idempotency-Key': key } : {}),
    ...extra,
  });
const startOp = (call = 0) => temporal.startUpdateWithStart.mock.calls[call][1].startWorkflowOperation;
const ORDER_ID = /^[a-f0-9]{32}$/;
/** Requests the gateway made to the orders read API. */
const orderReads = () => services.calls.filter((u) => u.pathname.startsWith('/orders'));

/**
 * Places `order` once through the fake workflow, stores the resulting record in the orders service, and leaves the fake
 * workflow at `status` (closed when final, as the real one ends).
 */
async function placeAndStore(
  status: OrderStatus = 'CONFIRMED',
  customer = 'cust-1',
  key = 'key-1',
): Promise<OrderRecord> {
  temporal.setOutcome(async (input) => recordFor(input, status));
  const res = await place(order, customer, key);
  expect(res.status).toBe(201);
  const record = recordFor(
    startOp(temporal.startUpdateWithStart.mock.calls.length - 1).options.args?.[0] as OrderCheckoutInput,
    status,
  );
  services.records.set(record.orderId, record);
  Object.assign(temporal.workflow(record.orderId), { status, running: !FINAL_STATUSES.includes(status) });
  temporal.startUpdateWithStart.mockClear();
  temporal.setOutcome(async (input) => recordFor(input));
  return record;
}

/** Log lines at `level` (30 info, 40 warn, 50 error) about `dependency`. */
const outageLines = (level: number, dependency: string) =>
  logged.filter((l) => l.level === level && l.dependency === dependency);

describe('POST /api/orders', () => {
  it('answers 401 UNAUTHORIZED without a bearer token and starts nothing', async () => {
    const res = await place(order, null);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('ignores a customerId sent as the old X-Customer-Id header', async () => {
    const res = await place(order, null, 'key-1', { 'X-Customer-Id': 'cust-1' });
    expect(res.status).toBe(401);
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
    expect(res.body).toMatchObject({
      orderId,
      customerId: 'cust-1',
      status: 'CONFIRMED',
      totalCents: 9_000,
      currency: 'EUR',
    });
    expect(res.body).not.toHaveProperty('idempotencyKey');
    expect(res.body).not.toHaveProperty('requestHash');

    expect(temporal.startUpdateWithStart).toHaveBeenCalledTimes(1);
    const [updateName, options] = temporal.startUpdateWithStart.mock.calls[0];
    expect(updateName).toBe('placed');
    expect(options).toMatchObject({
      waitForStage: 'ACCEPTED',
      args: [{ requestHash: expect.stringMatching(/^[a-f0-9]{64}$/) }],
    });
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
      requestHash: options.args?.[0]?.requestHash,
      items: order.items,
      paymentToken: 'tok_visa',
      requestId: 'req-1',
      settings: { approvalThresholdCents: 12_345, approvalTimeoutMs: 15 * 60_000, chargeBudgetMs: 7_000 },
    });
    expect(input).not.toHaveProperty('totalCents');
    expect(input.items.every((i) => !('unitPriceCents' in i) && !('priceCents' in i))).toBe(true);
    expect(orderReads()).toEqual([]); // no read-API lookup on the way
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
    expect(temporal.workflows.size).toBe(3);
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

  it('answers 422 UNKNOWN_PRODUCT listing the unknown ids and starts nothing', async () => {
    const res = await place({
      ...order,
      items: [
        { productId: 'p-1', quantity: 1 },
        { productId: 'ghost', quantity: 1 },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('UNKNOWN_PRODUCT');
    expect(res.body.error.message).toContain('ghost');
    expect(res.body.error.message).not.toContain('p-1');
    expect(res.body.error.details).toEqual({ productIds: ['ghost'] });
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });

  it('a replay names the same order even when its product left the catalog since', async () => {
    const first = await place({ ...order, items: [{ productId: 'p-2', quantity: 1 }] });
    expect(first.status).toBe(201);
    await close(gateway); // a fresh gateway (empty cache) whose catalog no longer has p-2
    const workflows = temporal.workflows;
    await bootGateway(servicesPort);
    for (const [id, wf] of workflows) temporal.workflows.set(id, wf);
    CATALOG.splice(1, 1);
    try {
      const again = await place({ ...order, items: [{ productId: 'p-2', quantity: 1 }] });
      expect(again.status).toBe(201);
      expect(again.body.orderId).toBe(first.body.orderId);
      expect(
        (await place({ ...order, items: [{ productId: 'p-2', quantity: 1 }] }, 'cust-1', 'key-new')).body.error.code,
      ).toBe('UNKNOWN_PRODUCT');
    } finally {
      CATALOG.push({ id: 'p-2', name: 'Teapot', description: 'Holds tea', priceCents: 4_000, currency: 'EUR' });
    }
  });

  it('answers 201 with the record when the workflow already ended (WorkflowExecutionAlreadyStartedError), after checking its input', async () => {
    const record = await placeAndStore('SHIPPED');
    const res = await place(order);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderId: record.orderId, status: 'SHIPPED', totalCents: record.totalCents });
    expect(res.body).not.toHaveProperty('requestHash');
    expect(res.headers.get('location')).toBe(`/api/orders/${record.orderId}`);
    expect(temporal.getWorkflowExecutionHistory).toHaveBeenCalledTimes(1);
  });

  it('answers 500 when the workflow ended but the orders service (up) has no record of it', async () => {
    const record = await placeAndStore('SHIPPED');
    services.records.delete(record.orderId);
    const res = await place(order);
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
  });

  it('answers 500 (logged at error with its stack) for an unexpected failure of the start, when no workflow exists', async () => {
    temporal.startUpdateWithStart.mockRejectedValueOnce(new TypeError('Cannot read properties of undefined'));
    const res = await place(order, 'cust-1', 'key-1', { 'X-Request-Id': 'boom-1' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error', requestId: 'boom-1' } });
    const failure = logged.find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({
      level: 50,
      requestId: 'boom-1',
      err: { message: 'Cannot read properties of undefined', stack: expect.any(String) },
    });
  });
});

describe('POST /api/orders while a dependency is down', () => {
  it('the orders read API down: 201 from the workflow, and the read API is never asked', async () => {
    services.down.add('orders');
    const res = await place(order);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'CONFIRMED', totalCents: 9_000 });
    expect(orderReads()).toEqual([]);
  });

  it('the orders read API down and the saga slow (inventory, payments down): 202 with Location', async () => {
    services.down.add('orders');
    temporal.setOutcome(() => new Promise<OrderRecord>(() => undefined));
    const res = await place(order);
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/orders/${res.body.orderId}`);
  });

  it('the orders worker not taking the update: 202 within the wait, the workflow started, one WARN for the outage, INFO when it takes updates again', async () => {
    temporal.mode.worker = 'stopped';
    const started = Date.now();
    const res = await place(order);
    expect(Date.now() - started).toBeLessThan(1_000); // ORDER_PLACEMENT_WAIT 200 ms + a describe
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: expect.stringMatching(ORDER_ID), customerId: 'cust-1', status: 'PENDING' });
    expect(res.headers.get('location')).toBe(`/api/orders/${res.body.orderId}`);
    expect(temporal.workflow(res.body.orderId).running).toBe(true);
    expect((await place(order, 'cust-1', 'key-2')).status).toBe(202);
    expect(outageLines(40, 'orders-workflows')).toHaveLength(1);

    temporal.mode.worker = 'up';
    const later = await place(order); // the same key again: the same order, answered now
    expect(later.status).toBe(201);
    expect(later.body.orderId).toBe(res.body.orderId);
    expect(outageLines(30, 'orders-workflows')).toHaveLength(1);
  });

  it('the orders worker not taking the update: the same key with another body is still 409 (checked against the workflow input)', async () => {
    temporal.mode.worker = 'stopped';
    expect((await place(order)).status).toBe(202);
    const res = await place(otherOrder);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('Temporal unreachable: 503 TEMPORAL_UNAVAILABLE without a stack; one WARN per outage, 503s at debug only, INFO when it is back', async () => {
    temporal.mode.temporal = 'down';
    for (const key of ['key-1', 'key-2', 'key-3']) {
      const res = await place(order, 'cust-1', key);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        code: 'TEMPORAL_UNAVAILABLE',
        details: { reason: 'Temporal could not be reached' },
      }); // the gRPC text, with addresses, goes to the log only
      expect(res.text).not.toMatch(/\bat .*\.(ts|js)/);
    }
    const warns = outageLines(40, 'temporal');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ reason: expect.stringContaining('UNAVAILABLE') });
    expect(warns[0]).not.toHaveProperty('err');
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.filter((l) => l.level === 20 && l.msg.startsWith('request answered 503'))).toHaveLength(3);

    temporal.mode.temporal = 'up';
    expect((await place(order)).status).toBe(201);
    expect(outageLines(30, 'temporal')).toHaveLength(1);
    temporal.mode.temporal = 'down';
    expect((await place(order, 'cust-1', 'key-4')).status).toBe(503);
    expect(outageLines(40, 'temporal')).toHaveLength(2); // a new outage, a new warning
  });

  it('Temporal not answering at all (even to an abort): 503 TEMPORAL_UNAVAILABLE within the wait plus one call budget', async () => {
    temporal.mode.temporal = 'hanging';
    const started = Date.now();
    const res = await place(order);
    expect(Date.now() - started).toBeLessThan(1_500); // 200 ms + 300 ms
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('an update-with-start that timed out before the workflow existed: 503 TEMPORAL_UNAVAILABLE (the client retries with the same key)', async () => {
    temporal.startUpdateWithStart.mockRejectedValueOnce(
      new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client'),
    );
    const res = await place(order);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect((await place(order)).status).toBe(201);
  });

  it('the same key after the workflow ended, with the orders read API down: 202 with the status Temporal knows, the same order', async () => {
    const record = await placeAndStore('SHIPPED');
    services.down.add('orders');
    const res = await place(order);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: record.orderId, customerId: 'cust-1', status: 'SHIPPED' });
    expect(res.headers.get('location')).toBe(`/api/orders/${record.orderId}`);
    expect(temporal.workflows.size).toBe(1);
  });

  it('products service and Redis down: the last catalog this gateway read still checks the products', async () => {
    expect((await place(order)).status).toBe(201); // reads (and keeps) the catalog
    services.down.add('products');
    redisDown = true;
    expect((await place(order, 'cust-1', 'key-2')).status).toBe(201);
    const unknown = await place({ ...order, items: [{ productId: 'ghost', quantity: 1 }] }, 'cust-1', 'key-3');
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNKNOWN_PRODUCT');
    expect(outageLines(40, 'redis')).toHaveLength(1);
    expect(outageLines(40, 'products')).toHaveLength(1);
  });

  it('products service and Redis down on a gateway that never read the catalog: 503 CATALOG_UNAVAILABLE, nothing started', async () => {
    services.down.add('products');
    redisDown = true;
    const res = await place(order);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('CATALOG_UNAVAILABLE');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
  });
});

describe('POST /api/orders: the same Idempotency-Key', () => {
  it('sequentially: the same order, one workflow', async () => {
    const first = await place(order);
    const again = await place(order);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(temporal.workflows.size).toBe(1);
  });

  it('concurrently: five at once name one order and one workflow', async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => place(order)));
    expect(all.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.body.orderId)).size).toBe(1);
    expect(temporal.workflows.size).toBe(1);
  });

  it('another body while the workflow runs: 409 IDEMPOTENCY_KEY_REUSED from the update validator', async () => {
    temporal.setOutcome(() => new Promise<OrderRecord>(() => undefined)); // still running
    expect((await place(order)).status).toBe(202);
    const res = await place(otherOrder);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('another body while a workflow without the validator runs (started before it): 409 from the record it answers', async () => {
    expect((await place(order)).status).toBe(201);
    temporal.workflow(deriveId('cust-1', 'key-1')).validates = false;
    const res = await place(otherOrder);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('another body after the workflow ended: 409, with the orders read API up or down', async () => {
    await placeAndStore('SHIPPED');
    expect((await place(otherOrder)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    services.down.add('orders');
    const res = await place(otherOrder);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('GET /api/orders/:id', () => {
  it("answers the owner's order without idempotency internals, and 404 to another customer", async () => {
    const record = await placeAndStore('CONFIRMED', 'cust-1');
    const own = await send('GET', `/api/orders/${record.orderId}`, undefined, as('cust-1'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ orderId: record.orderId, customerId: 'cust-1', status: 'CONFIRMED' });
    expect(own.body).not.toHaveProperty('idempotencyKey');

    const foreign = await send('GET', `/api/orders/${record.orderId}`, undefined, as('cust-2'));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('cust-1');
    expect(temporal.getHandle).not.toHaveBeenCalled();
  });

  it('answers 404 for a malformed id without asking the orders service, and 400 for an unknown query parameter', async () => {
    const callsBefore = services.calls.length;
    const malformed = await send('GET', '/api/orders/not-an-order-id', undefined, as('cust-1'));
    expect(malformed.status).toBe(404);
    expect(services.calls.length).toBe(callsBefore);
    const record = await placeAndStore();
    const extra = await send('GET', `/api/orders/${record.orderId}?expand=payments`, undefined, as('cust-1'));
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /api/orders/:id/cancel', () => {
  const cancel = (orderId: string, customer = 'cust-1', body?: unknown) =>
    send('POST', `/api/orders/${orderId}/cancel`, body, as(customer));

  it('answers 409 ORDER_NOT_CANCELLABLE for a SHIPPED order and sends no signal', async () => {
    const record = await placeAndStore('SHIPPED');
    const res = await cancel(record.orderId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it('answers 202 and signals cancel when the workflow says CONFIRMED, without asking the read API', async () => {
    const record = await placeAndStore('CONFIRMED');
    const reads = orderReads().length;
    const res = await cancel(record.orderId);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: record.orderId, status: 'CONFIRMED', cancellation: 'REQUESTED' });
    expect(temporal.getHandle).toHaveBeenCalledWith(`order-${record.orderId}`);
    expect(temporal.describe).toHaveBeenCalledWith(`order-${record.orderId}`);
    expect(temporal.signal).toHaveBeenCalledTimes(1);
    expect(temporal.signal.mock.calls[0]).toEqual([
      `order-${record.orderId}`,
      'cancel',
      { reason: 'customer request' },
    ]);
    expect(orderReads()).toHaveLength(reads);
  });

  it('answers 202 to a POST with no body at all (no Content-Type, no Content-Length: what `curl -X POST` sends), and 415 to a body of another type', async () => {
    const record = await placeAndStore('CONFIRMED');
    const head = [`POST /api/orders/${record.orderId}/cancel HTTP/1.1`, 'Authorization: Bearer t-cust-1'];
    const bare = await rawRequest(base, head);
    expect(bare.status).toBe(202);
    expect(bare.body).toEqual({ orderId: record.orderId, status: 'CONFIRMED', cancellation: 'REQUESTED' });
    expect(temporal.signal.mock.calls[0]).toEqual([
      `order-${record.orderId}`,
      'cancel',
      { reason: 'customer request' },
    ]);
    const typed = await send('POST', `/api/orders/${record.orderId}/cancel`, 'reason=x', {
      ...as('cust-1'),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(typed.status).toBe(415);
    expect(temporal.signal).toHaveBeenCalledTimes(1);
  });

  it('answers 202 with the orders read API down (and its worker stopped: the signal waits in Temporal)', async () => {
    const record = await placeAndStore('PENDING');
    services.down.add('orders');
    temporal.mode.worker = 'stopped';
    const res = await cancel(record.orderId);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: record.orderId, status: 'PENDING', cancellation: 'REQUESTED' });
    expect(temporal.signal).toHaveBeenCalledTimes(1);
  });

  it('answers 409 and sends no signal when the workflow says SHIPPED though the record still says CONFIRMED', async () => {
    const record = await placeAndStore('CONFIRMED');
    Object.assign(temporal.workflow(record.orderId), { status: 'SHIPPED' });
    const res = await cancel(record.orderId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(res.body.error.message).toContain('SHIPPED');
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it("answers 404 for another customer's order (by the workflow's CustomerId) and sends no signal", async () => {
    const record = await placeAndStore('CONFIRMED', 'cust-1');
    const res = await cancel(record.orderId, 'cust-2');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ORDER_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain('cust-1');
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it('history gone after retention: the read API answers ownership and status (409 for the owner, 404 for anyone else and for no record)', async () => {
    const record = await placeAndStore('SHIPPED');
    temporal.workflows.clear();
    expect((await cancel(record.orderId)).body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect((await cancel(record.orderId, 'cust-2')).status).toBe(404);
    expect((await cancel('b'.repeat(32))).status).toBe(404);
    expect(temporal.signal).not.toHaveBeenCalled();
  });

  it('answers 503 TEMPORAL_UNAVAILABLE when Temporal is unreachable, and sends nothing', async () => {
    const record = await placeAndStore('CONFIRMED');
    temporal.mode.temporal = 'down';
    const res = await cancel(record.orderId);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(outageLines(40, 'temporal')).toHaveLength(1);
  });

  it('passes the reason to the cancel signal, and refuses extra body fields with 400 and no signal', async () => {
    const record = await placeAndStore('CONFIRMED');
    const refused = await cancel(record.orderId, 'cust-1', { reason: 'changed my mind', status: 'CANCELLED' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(temporal.signal).not.toHaveBeenCalled();

    const res = await cancel(record.orderId, 'cust-1', { reason: 'changed my mind' });
    expect(res.status).toBe(202);
    expect(temporal.signal).toHaveBeenCalledWith(`order-${record.orderId}`, 'cancel', { reason: 'changed my mind' });
  });
});

describe('authentication of every /api/orders route', () => {
  const ID = 'a'.repeat(32);
  const routes: Array<[string, string, unknown]> = [
    ['GET', '/api/orders', undefined],
    ['POST', '/api/orders', order],
    ['GET', `/api/orders/${ID}`, undefined],
    ['POST', `/api/orders/${ID}/cancel`, { reason: 'x' }],
  ];
  const callers: Array<[string, Record<string, string>, string]> = [
    ['no Authorization header', {}, 'UNAUTHORIZED'],
    ['a token the verifier refuses', { Authorization: 'Bearer forged.token.value' }, 'INVALID_TOKEN'],
    ['a header that is not a bearer token', { Authorization: 'Basic Y3VzdC0xOnB3' }, 'INVALID_TOKEN'],
    ['an empty bearer token', { Authorization: 'Bearer ' }, 'INVALID_TOKEN'],
  ];
  const cases = routes.flatMap(([method, path, body]) =>
    callers.map(([label, headers, code]) => [method, path, label, body, headers, code] as const),
  );

  it.each(cases)(
    '%s %s with %s: 401, no workflow touched, no service asked',
    async (method, path, _label, body, headers, code) => {
      const res = await send(method, path, body, { 'Idempotency-Key': 'key-1', ...headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: { code, message: expect.any(String), requestId: res.headers.get('x-request-id') },
      });
      expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
      expect(temporal.getHandle).not.toHaveBeenCalled();
      expect(temporal.describe).not.toHaveBeenCalled();
      expect(temporal.signal).not.toHaveBeenCalled();
      expect(services.calls).toEqual([]);
    },
  );
});

describe('other spellings of /api/orders* (the routers match case-insensitively, with an optional trailing slash)', () => {
  it.each([
    ['POST', '/API/ORDERS'],
    ['POST', '/Api/Orders/'],
    ['GET', '/API/Orders'],
    ['GET', `/API/ORDERS/${'a'.repeat(32)}`],
    ['POST', `/api/ORDERS/${'a'.repeat(32)}/Cancel/`],
  ])('%s %s without a token: 401, nothing started, no service asked', async (method, path) => {
    const res = await send(method, path, method === 'POST' ? order : undefined, { 'Idempotency-Key': 'key-1' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(temporal.startUpdateWithStart).not.toHaveBeenCalled();
    expect(temporal.signal).not.toHaveBeenCalled();
    expect(services.calls).toEqual([]);
  });

  it("places an order through /API/Orders/ for the token's customer only", async () => {
    const res = await send('POST', '/API/Orders/', order, { ...as('cust-1'), 'Idempotency-Key': 'key-1' });
    expect(res.status).toBe(201);
    expect((startOp().options.args?.[0] as OrderCheckoutInput).customerId).toBe('cust-1');
  });
});

describe('GET /api/orders', () => {
  let seq = 0;
  /** Stores a record of `customer` created at `createdAt` directly in the orders service. */
  function seed(customer: string, createdAt: string): OrderRecord {
    seq += 1;
    const orderId = seq.toString(16).padStart(32, '0');
    const record: OrderRecord = {
      orderId,
      customerId: customer,
      status: 'CONFIRMED',
      items: [{ productId: 'p-1', quantity: 1, unitPriceCents: 2_500 }],
      totalCents: 2_500,
      currency: 'EUR',
      createdAt,
      updatedAt: createdAt,
      idempotencyKey: `k-${seq}`,
      requestHash: 'h'.repeat(64),
    };
    services.records.set(orderId, record);
    return record;
  }
  const list = (query = '', customer = 'cust-1') => send('GET', `/api/orders${query}`, undefined, as(customer));
  const listCalls = () => services.calls.filter((u) => u.pathname === '/orders');

  /** Five orders of cust-1 (two in the same millisecond) and two of cust-2, in creation order. */
  function seedMany() {
    const mine = [
      seed('cust-1', '2026-01-01T00:00:00.000Z'),
      seed('cust-1', '2026-01-02T00:00:00.000Z'),
      seed('cust-1', '2026-01-03T00:00:00.000Z'),
      seed('cust-1', '2026-01-03T00:00:00.000Z'),
      seed('cust-1', '2026-01-04T00:00:00.000Z'),
    ];
    const theirs = [seed('cust-2', '2026-01-02T12:00:00.000Z'), seed('cust-2', '2026-01-05T00:00:00.000Z')];
    return { mine, theirs, newestMine: [...mine].sort(newestFirst).map((r) => r.orderId) };
  }

  it("lists only the caller's orders, newest first, without idempotency internals, asking for 20 by default", async () => {
    const { theirs, newestMine } = seedMany();
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: OrderRecord) => o.orderId)).toEqual(newestMine);
    expect(res.body.items.every((o: OrderRecord) => o.customerId === 'cust-1')).toBe(true);
    expect(res.body.items.some((o: OrderRecord) => theirs.some((t) => t.orderId === o.orderId))).toBe(false);
    expect(res.body.items[0]).not.toHaveProperty('idempotencyKey');
    expect(res.body.items[0]).not.toHaveProperty('requestHash');
    expect(res.body).not.toHaveProperty('nextCursor');
    expect(listCalls()[0]?.searchParams.get('customerId')).toBe('cust-1');
    expect(listCalls()[0]?.searchParams.get('limit')).toBe('20');

    const other = await list('', 'cust-2');
    expect(other.body.items.map((o: OrderRecord) => o.orderId)).toEqual([theirs[1]!.orderId, theirs[0]!.orderId]);
  });

  it('answers an empty page for a customer with no orders', async () => {
    seedMany();
    const res = await list('', 'cust-3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('pages with a keyset cursor (<createdAt ms>_<orderId>): every order once, in order, and no cursor on the last page', async () => {
    const { newestMine } = seedMany();
    const seen: string[] = [];
    const cursors: string[] = [];
    let query = '?limit=2';
    for (let page = 0; page < 10; page += 1) {
      const res = await list(query);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((o: OrderRecord) => o.orderId));
      if (!res.body.nextCursor) break;
      cursors.push(res.body.nextCursor);
      query = `?limit=2&cursor=${encodeURIComponent(res.body.nextCursor)}`;
    }
    expect(seen).toEqual(newestMine);
    expect(cursors).toHaveLength(2);
    for (const cursor of cursors) expect(cursor).toMatch(/^[0-9]{1,14}_[a-f0-9]{32}$/); // the shape the document declares
    // the gateway hands the orders service its own cursor (`<ISO createdAt>_<orderId>`) as `before`
    const [ms, id] = cursors[0]!.split('_');
    expect(listCalls()[1]?.searchParams.get('before')).toBe(`${new Date(Number(ms)).toISOString()}_${id}`);
    expect(listCalls()[1]?.searchParams.get('customerId')).toBe('cust-1');
  });

  it("never shows another customer's orders through a cursor taken from someone else's page", async () => {
    seedMany();
    const first = await list('?limit=1');
    const res = await list(`?limit=100&cursor=${first.body.nextCursor}`, 'cust-2');
    expect(res.status).toBe(200);
    expect(res.body.items.every((o: OrderRecord) => o.customerId === 'cust-2')).toBe(true);
  });

  it.each([
    ['limit=101', 'VALIDATION_FAILED'],
    ['limit=0', 'VALIDATION_FAILED'],
    ['limit=2.5', 'VALIDATION_FAILED'],
    ['limit=ten', 'VALIDATION_FAILED'],
    ['limit=1&limit=2', 'VALIDATION_FAILED'],
    ['limit=999', 'VALIDATION_FAILED'],
    ['cursor=not%20a%20cursor', 'VALIDATION_FAILED'],
    ['cursor=0', 'VALIDATION_FAILED'],
    [`cursor=${Buffer.from(`2026-01-01T00:00:00.000Z_${'a'.repeat(32)}`).toString('base64url')}`, 'VALIDATION_FAILED'],
    [`cursor=1767225600000_${'g'.repeat(32)}`, 'VALIDATION_FAILED'],
    [`cursor=100000000000000_${'a'.repeat(32)}`, 'VALIDATION_FAILED'], // 15 digits: past the year 5000
    ['status=CONFIRMED', 'VALIDATION_FAILED'],
    ['customerId=cust-2', 'VALIDATION_FAILED'],
  ])('answers ?%s with 400 %s without asking the orders service', async (query, code) => {
    seedMany();
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, requestId: res.headers.get('x-request-id') });
    expect(listCalls()).toEqual([]);
  });

  it.each([`0_${'a'.repeat(32)}`, `99999999999999_${'f'.repeat(32)}`, `1767225600000_${'0'.repeat(32)}`])(
    'accepts any cursor of the declared shape (%s) as a keyset position',
    async (cursor) => {
      seedMany();
      const res = await list(`?cursor=${cursor}`);
      expect(res.status).toBe(200);
      expect(listCalls()[0]?.searchParams.get('before')).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[a-f0-9]{32}$/,
      );
    },
  );

  it('accepts limit=100 and limit=1', async () => {
    seedMany();
    expect((await list('?limit=100')).body.items).toHaveLength(5);
    const one = await list('?limit=1');
    expect(one.body.items).toHaveLength(1);
    expect(one.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('rate limit of POST /api/orders', () => {
  it('allows RATE_LIMIT_ORDERS_PER_MINUTE placements per customer, then 429 without a start; other customers and reads go on', async () => {
    await close(gateway);
    await bootGateway(servicesPort, { RATE_LIMIT_ORDERS_PER_MINUTE: '2' });
    expect((await place(order, 'cust-1', 'key-1')).status).toBe(201);
    expect((await place(order, 'cust-1', 'key-2')).status).toBe(201);
    const limited = await place(order, 'cust-1', 'key-3');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: limited.headers.get('x-request-id') });
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(temporal.startUpdateWithStart).toHaveBeenCalledTimes(2);

    expect((await place(order, 'cust-2', 'key-1')).status).toBe(201);
    expect((await send('GET', '/api/orders', undefined, as('cust-1'))).status).toBe(200);
    expect(temporal.startUpdateWithStart).toHaveBeenCalledTimes(3);
  });

  it('counts every spelling of the route against the same budget', async () => {
    await close(gateway);
    await bootGateway(servicesPort, { RATE_LIMIT_ORDERS_PER_MINUTE: '2' });
    const placeAt = (path: string, key: string) =>
      send('POST', path, order, { ...as('cust-1'), 'Idempotency-Key': key });
    expect((await placeAt('/api/orders/', 'key-1')).status).toBe(201);
    expect((await placeAt('/API/ORDERS', 'key-2')).status).toBe(201);
    expect((await placeAt('/Api/Orders/', 'key-3')).status).toBe(429);
    expect(temporal.startUpdateWithStart).toHaveBeenCalledTimes(2);
  });

  it('does not count refused anonymous requests against a customer', async () => {
    await close(gateway);
    await bootGateway(servicesPort, { RATE_LIMIT_ORDERS_PER_MINUTE: '1' });
    expect((await place(order, null)).status).toBe(401);
    expect((await place(order, null)).status).toBe(401);
    expect((await place(order, 'cust-1')).status).toBe(201);
  });
});
