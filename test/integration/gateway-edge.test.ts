import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { CATALOG_READ_TTL_MS } from '../../api/services/catalog';
import { WORKFLOW_TYPES, TASK_QUEUES, changeProductPriceWorkflowId, type ChangePriceInput } from '../../contracts';
import { serviceUrl } from '../../lib/config';
import { redisServerBinary } from '../../scripts/stack/redis';
import { api, eventually } from '../support/http';
import { listWorkflows } from '../support/temporal-cli';
import { freePort, TcpProxy } from '../support/tcp-proxy';
import { startGateway, type GatewayProcess } from '../support/gateway-process';
import { bearer, newCustomer, temporalClient, waitForStatus } from '../support/orders';
import { testConfig, TEST_STACK_LOG } from '../support/test-env';

const config = testConfig();
const STACK_LOG = TEST_STACK_LOG;
const gateways: GatewayProcess[] = [];
const gateway = async (port: number, env: Record<string, string>) => {
  const g = await startGateway(port, env);
  gateways.push(g);
  return g;
};
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  await (await temporalClient()).connection.close();
});

const wrongLogin = { email: 'nobody@example.com', password: 'guessing' };

describe('rate limits on Redis (koa-ratelimit + ioredis)', () => {
  it('hold across two gateway processes sharing Redis: login per IP, order placement per customer; 429 with Retry-After and RateLimit headers', async () => {
    const shared = {
      REDIS_URL: `redis://127.0.0.1:${config.REDIS_PORT}/1`,
      RATE_LIMIT_LOGIN_PER_MINUTE: '4',
      RATE_LIMIT_ORDERS_PER_MINUTE: '3',
      RATE_LIMIT_PER_MINUTE: '1000',
    };
    const [one, two] = await Promise.all([gateway(13101, shared), gateway(13102, shared)]);

    const logins = [];
    for (let n = 0; n < 8; n++)
      logins.push(await api('POST', '/api/auth/login', wrongLogin, {}, (n % 2 ? two : one).url));
    expect(logins.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    const limited = logins[4]!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe('4');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.body).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.any(String), requestId: expect.any(String) },
    });

    const customer = await newCustomer();
    const places = [];
    for (let n = 0; n < 6; n++) {
      // no Idempotency-Key: each passing request is refused 400, so none can start an order
      places.push(
        await api(
          'POST',
          '/api/orders',
          { items: [{ productId: 'sku-paper-filters', quantity: 1 }], paymentToken: 'tok_ok' },
          bearer(customer),
          (n % 2 ? two : one).url,
        ),
      );
    }
    expect(places.map((r) => r.status)).toEqual([400, 400, 400, 429, 429, 429]);
    const other = await newCustomer(); // another customer has a count of their own
    expect((await api('POST', '/api/orders', {}, bearer(other), one.url)).status).toBe(400);
    expect(listWorkflows(`WorkflowType='orderCheckout' AND CustomerId='${customer.id}'`)).toHaveLength(0);
    // every request was counted in Redis: neither gateway fell back to a count of its own
    expect([...one.lines, ...two.lines].filter((l) => l.includes('Redis unreachable'))).toEqual([]);
  });

  it('a gateway whose Redis connection is still being made when it starts counts its first request in Redis, not in memory', async () => {
    // a proxy that holds each connection to Redis for 1.5 s before it forwards: the gateway's ready check waits that long
    const proxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: config.REDIS_PORT }, { delayMs: 1_500 });
    await proxy.open();
    const db = new Redis(`redis://127.0.0.1:${config.REDIS_PORT}/2`);
    try {
      await db.flushdb();
      const g = await gateway(13104, {
        REDIS_URL: `redis://127.0.0.1:${proxy.port}/2`,
        RATE_LIMIT_LOGIN_PER_MINUTE: '4',
        RATE_LIMIT_PER_MINUTE: '1000',
      });
      expect((await api('POST', '/api/auth/login', wrongLogin, {}, g.url)).status).toBe(401);
      const keys = await db.keys('ratelimit:login:*');
      expect(keys).toHaveLength(1);
      expect(await db.zcard(keys[0]!)).toBe(1);
      expect(g.lines.filter((l) => l.includes('Redis unreachable'))).toEqual([]);
    } finally {
      db.disconnect();
      await proxy.close();
    }
  });

  it('with Redis down: a per-process in-memory limit, one warning, and the shared limit again once Redis is back', async () => {
    const port = 16391;
    const g = await gateway(13103, {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_PER_MINUTE: '1000',
    });
    const statuses = [];
    for (let n = 0; n < 5; n++) statuses.push((await api('POST', '/api/auth/login', wrongLogin, {}, g.url)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await api('GET', '/api/products', undefined, {}, g.url)).status).toBe(200); // reads go on without the cache
    const warnings = () => g.lines.filter((l) => l.includes('Redis unreachable'));
    expect(warnings()).toHaveLength(1);
    expect(g.lines.filter((l) => /"level":40/.test(l))).toHaveLength(1); // and no other warning

    let redis: ChildProcess | undefined;
    const client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      redis = spawn(
        redisServerBinary(),
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      expect(
        await eventually(
          async () =>
            (await api('POST', '/api/auth/login', wrongLogin, {}, g.url)).status === 401 &&
            g.lines.some((l) => l.includes('Redis reachable again')),
          20_000,
        ),
      ).toBe(true);
      expect(warnings()).toHaveLength(1);
      expect(await client.keys('ratelimit:login:*')).not.toHaveLength(0); // the count lives in Redis again
    } finally {
      client.disconnect();
      redis?.kill('SIGTERM');
    }
  });
});

describe('read routes behind circuit breakers', () => {
  it('inventory hung: products still answer 200 within the timeout with availability null + degraded; the breaker opens, then half-opens and closes', async () => {
    const inventory = serviceUrl(config, 'inventory');
    const { pid } = (await (await fetch(`${inventory}/health`)).json()) as { pid: number };
    const breaker = async () =>
      ((await api('GET', '/health')).body.circuitBreakers as Record<string, string>).inventory;
    expect(await breaker()).toBe('closed');
    process.kill(pid, 'SIGSTOP'); // the worker is there but answers nothing, like a stuck process
    try {
      for (let n = 0; n < 5; n++) {
        const started = Date.now();
        const res = await api('GET', '/api/products');
        expect(Date.now() - started).toBeLessThan(config.SERVICE_CALL_TIMEOUT + 1_000);
        expect(res.status).toBe(200);
        expect(res.body.degraded).toBe(true);
        expect((res.body.items as { availability: unknown }[]).every((p) => p.availability === null)).toBe(true);
      }
      expect(await breaker()).toBe('open');
      const fast = Date.now();
      expect((await api('GET', '/api/products/sku-ceramic-mug')).body).toMatchObject({
        availability: null,
        degraded: true,
      });
      expect(Date.now() - fast).toBeLessThan(500); // open: fails fast, no wait for the timeout
      const health = await api('GET', '/health');
      expect(health.status).toBe(200); // inventory is not essential: the gateway can still take orders
      expect(health.body).toMatchObject({
        status: 'degraded',
        checks: { inventory: { status: 'unhealthy', essential: false }, orders: { status: 'healthy' } },
      });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(await eventually(async () => (await breaker()) === 'half-open', 15_000, 500)).toBe(true);
    const recovered = await api('GET', '/api/products');
    expect(recovered.body.degraded).toBeUndefined();
    expect((recovered.body.items as { availability: unknown }[]).every((p) => typeof p.availability === 'number')).toBe(
      true,
    );
    expect(await breaker()).toBe('closed');
  });

  it('a price change (changeProductPrice workflow) clears the cached catalog at once: the gateway shows it within its read TTL', async () => {
    const price = async () =>
      ((await api('GET', '/api/products')).body.items as { id: string; priceCents: number }[]).find(
        (p) => p.id === 'sku-milk-frother',
      )!.priceCents;
    const before = await price(); // now cached
    const change = async (priceCents: number) => {
      const input: ChangePriceInput = { changeId: randomUUID(), productId: 'sku-milk-frother', priceCents };
      await (
        await temporalClient()
      ).workflow.execute(WORKFLOW_TYPES.changeProductPrice, {
        taskQueue: TASK_QUEUES.orders,
        workflowId: changeProductPriceWorkflowId(input.changeId),
        args: [input],
      });
      await sleep(CATALOG_READ_TTL_MS); // the gateway's read model is at most this old
    };
    await change(before + 100);
    expect(await price()).toBe(before + 100);
    await change(before);
    expect(await price()).toBe(before);
  });
});

describe('edge behaviour on the real gateway', () => {
  it('the request id is echoed, travels into the workflow and appears in the log line of every activity of the order', async () => {
    const customer = await newCustomer();
    const requestId = `edge-${randomUUID()}`;
    const placed = await api(
      'POST',
      '/api/orders',
      { items: [{ productId: 'sku-digital-scale', quantity: 1 }], paymentToken: 'tok_ok' },
      { ...bearer(customer), 'Idempotency-Key': `k-${randomUUID()}`, 'X-Request-Id': requestId },
    );
    expect(placed.status).toBe(201);
    expect(placed.headers.get('x-request-id')).toBe(requestId);
    await waitForStatus(customer, placed.body.orderId as string, 'CONFIRMED');
    const expected = [
      'getProducts',
      'createOrder',
      'reserveStock',
      'chargePayment',
      'commitReservation',
      'setOrderStatus',
    ];
    const typesLogged = () =>
      new Set(
        readFileSync(STACK_LOG, 'utf8')
          .split('\n')
          .filter((l) => l.includes(requestId))
          .map((l) => /"activityType":"(\w+)"/.exec(l)?.[1])
          .filter(Boolean),
      );
    await eventually(async () => expected.every((t) => typesLogged().has(t)), 10_000);
    expect([...typesLogged()].sort()).toEqual(expect.arrayContaining(expected));
    expect(readFileSync(STACK_LOG, 'utf8')).toMatch(new RegExp(`gateway.*${requestId}`)); // and the gateway's own request line
    // the confirmation email follows from the order.confirmed event, which carries the request id to its consumer
    const emailed = () => new RegExp(`notifications.*email delivered.*"requestId":"${requestId}"`);
    await eventually(async () => emailed().test(readFileSync(STACK_LOG, 'utf8')), 10_000);
  });

  it('CORS: an allowed origin gets its headers and preflight; another origin gets none', async () => {
    const allowed = 'http://localhost:3000';
    const simple = await api('GET', '/api/products', undefined, { Origin: allowed });
    expect(simple.headers.get('access-control-allow-origin')).toBe(allowed);
    const preflight = await fetch(`http://127.0.0.1:${config.GATEWAY_PORT}/api/orders`, {
      method: 'OPTIONS',
      headers: {
        Origin: allowed,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    for (const res of [
      await fetch(`http://127.0.0.1:${config.GATEWAY_PORT}/api/products`, {
        headers: { Origin: 'https://evil.example' },
      }),
      await fetch(`http://127.0.0.1:${config.GATEWAY_PORT}/api/orders`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      }),
    ]) {
      expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('GET /health reports every downstream healthy and answers 200', async () => {
    const res = await api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('healthy');
    const checks = res.body.checks as Record<string, { status: string }>;
    expect(Object.keys(checks).sort()).toEqual([
      'inventory',
      'notifications',
      'orders',
      'payments',
      'products',
      'redis',
      'temporal',
      'users',
    ]);
    for (const c of Object.values(checks)) expect(c.status).toBe('healthy');
  });
});
