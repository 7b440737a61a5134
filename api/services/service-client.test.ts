import http from 'node:http';
import { INTERNAL_CHALLENGE } from '../../lib/internal-auth';
import type { HttpError } from '../http-error';
import { ServiceClient, ServiceUnavailableError, breakerStates } from './service-client';
import { closeServer, listenLocal } from '../../test/support/local-server';

/** A stand-in service whose answer the test sets: a status (with headers), or a delay before a 200; counts the requests that reach it and keeps their Authorization headers. */
function stubService() {
  const state = {
    status: 200,
    headers: {} as Record<string, string>,
    delayMs: 0,
    requests: 0,
    authorizations: [] as (string | undefined)[],
  };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    state.authorizations.push(req.headers.authorization);
    const answer = () => {
      res.writeHead(state.status, { 'content-type': 'application/json', ...state.headers });
      res.end(JSON.stringify(state.status === 200 ? { ok: true, path: req.url } : { error: 'x' }));
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs).unref();
    else answer();
  });
  return { state, server };
}

let stub: ReturnType<typeof stubService>;
let base: string;

beforeEach(async () => {
  stub = stubService();
  base = await listenLocal(stub.server);
});
afterEach(() => closeServer(stub.server));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The error a call fails with (the test fails if it succeeds). */
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as HttpError,
  );

describe('ServiceClient', () => {
  it('answers JSON, and undefined for a 404 (which is not a failure)', async () => {
    const client = new ServiceClient('products', base, { consecutiveFailures: 1 });
    expect(await client.getJson('/products?x=1')).toEqual({ ok: true, path: '/products?x=1' });
    stub.state.status = 404;
    expect(await client.getJson('/products/nope')).toBeUndefined();
    expect(client.state).toBe('closed');
  });

  it('opens after N consecutive failures, then fails fast without calling the service', async () => {
    const client = new ServiceClient('inventory', base, { consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
    stub.state.status = 500;
    for (let i = 0; i < 3; i += 1) {
      const err = await failureOf(client.getJson('/stock'));
      expect(err).toBeInstanceOf(ServiceUnavailableError);
      expect(err).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', details: { reason: 'HTTP 500' } });
      expect(client.state).toBe(i < 2 ? 'closed' : 'open');
    }
    expect(stub.state.requests).toBe(3);

    stub.state.status = 200; // the service is back, but the breaker has not tried it yet
    const started = Date.now();
    const err = await failureOf(client.getJson('/stock'));
    expect(Date.now() - started).toBeLessThan(50);
    expect(err).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      details: { reason: expect.stringContaining('circuit open') },
    });
    expect(stub.state.requests).toBe(3);
    expect(breakerStates([client])).toEqual({ inventory: 'open' });
  });

  it('goes half-open after halfOpenAfter, and closes after a successful trial call', async () => {
    const client = new ServiceClient('inventory', base, { consecutiveFailures: 2, halfOpenAfterMs: 200 });
    stub.state.status = 503;
    await failureOf(client.getJson('/stock'));
    await failureOf(client.getJson('/stock'));
    expect(client.state).toBe('open');
    await sleep(250);
    expect(client.state).toBe('half-open');

    stub.state.status = 200;
    expect(await client.getJson('/stock')).toMatchObject({ ok: true });
    expect(client.state).toBe('closed');
    expect(stub.state.requests).toBe(3);
  });

  it('a failed trial call re-opens the breaker for another halfOpenAfter', async () => {
    const client = new ServiceClient('inventory', base, { consecutiveFailures: 1, halfOpenAfterMs: 200 });
    stub.state.status = 500;
    await failureOf(client.getJson('/stock'));
    await sleep(250);
    expect(client.state).toBe('half-open');
    await failureOf(client.getJson('/stock')); // the trial reaches the service and fails
    expect(stub.state.requests).toBe(2);
    expect(client.state).toBe('open');
    await failureOf(client.getJson('/stock'));
    expect(stub.state.requests).toBe(2);
  });

  it('a slow answer past the timeout fails at the timeout and counts as a failure', async () => {
    const client = new ServiceClient('inventory', base, {
      timeoutMs: 100,
      consecutiveFailures: 2,
      halfOpenAfterMs: 60_000,
    });
    stub.state.delayMs = 1_000;
    const started = Date.now();
    const err = await failureOf(client.getJson('/stock'));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(500);
    expect(err).toMatchObject({ status: 503, details: { reason: 'no answer within 100 ms' } });
    expect(client.state).toBe('closed');
    await failureOf(client.getJson('/stock'));
    expect(client.state).toBe('open');
  });

  it('a POST may carry a longer budget of its own (a password check): a slow answer past the default budget still succeeds', async () => {
    const client = new ServiceClient('users', base, { timeoutMs: 100 });
    stub.state.delayMs = 300;
    expect(await failureOf(client.postJson('/auth/login', {}))).toMatchObject({
      status: 503,
      details: { reason: 'no answer within 100 ms' },
    });
    expect(await client.postJson('/auth/login', {}, { timeoutMs: 2_000 })).toMatchObject({ status: 200 });
    expect(await failureOf(client.postJson('/auth/login', {}, { timeoutMs: 150 }))).toMatchObject({
      details: { reason: 'no answer within 150 ms' },
    });
  });

  it('a 4xx answer fails the call but never trips the breaker', async () => {
    const client = new ServiceClient('orders', base, { consecutiveFailures: 2 });
    stub.state.status = 400;
    for (let i = 0; i < 4; i += 1)
      expect(await failureOf(client.getJson('/orders/x'))).toMatchObject({ details: { reason: 'HTTP 400' } });
    expect(client.state).toBe('closed');
    expect(stub.state.requests).toBe(4);
  });

  it('presents the internal credential on every GET and POST, and none when it has no token', async () => {
    const client = new ServiceClient('users', base, { internalToken: 'the-internal-token-0123' });
    await client.getJson('/users/1');
    await client.postJson('/auth/login', { email: 'a@example.com' });
    await new ServiceClient('users', base).getJson('/users/1');
    expect(stub.state.authorizations).toEqual([
      'Bearer the-internal-token-0123',
      'Bearer the-internal-token-0123',
      undefined,
    ]);
  });

  it("a refused credential is 503 (and a warning), never mistaken for a route's own 401, and never trips the breaker", async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (obj: object, msg: string) => warnings.push([obj, msg]), info: () => undefined };
    const client = new ServiceClient('users', base, {
      internalToken: 'not-the-deployment-token',
      consecutiveFailures: 1,
      logger,
    });
    stub.state.status = 401;
    stub.state.headers = { 'www-authenticate': INTERNAL_CHALLENGE };
    expect(await failureOf(client.postJson('/auth/login', {}))).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      details: { reason: 'HTTP 401' },
    });
    expect(await failureOf(client.getJson('/users/1'))).toMatchObject({ status: 503, details: { reason: 'HTTP 401' } });
    expect(warnings).toEqual([
      [{ service: 'users' }, expect.stringContaining('refused the internal credential')],
      [{ service: 'users' }, expect.stringContaining('refused the internal credential')],
    ]);
    expect(client.state).toBe('closed');
    stub.state.headers = {}; // a wrong password: the route's 401 comes back to the caller
    expect(await client.postJson('/auth/login', {})).toMatchObject({ status: 401 });
  });

  it('a service nobody listens on counts as a failure', async () => {
    const dead = new ServiceClient('payments', 'http://127.0.0.1:1', { consecutiveFailures: 1 });
    expect(await failureOf(dead.getJson('/x'))).toBeInstanceOf(ServiceUnavailableError);
    expect(dead.state).toBe('open');
  });
});

/** An outage log that records what it is told. */
const recorder = () => {
  const told: string[] = [];
  return {
    told,
    outage: { down: (reason: string) => void told.push(`down: ${reason}`), back: () => void told.push('back') },
  };
};

describe('ServiceClient with an outage log', () => {
  it('tells it down on every failure the breaker counts and back on every answer; an open breaker adds nothing; no breaker log lines', async () => {
    const { told, outage } = recorder();
    const logged: string[] = [];
    const logger = {
      warn: (_o: object, msg: string) => void logged.push(msg),
      info: (_o: object, msg: string) => void logged.push(msg),
    };
    const client = new ServiceClient('orders', base, {
      consecutiveFailures: 2,
      halfOpenAfterMs: 60_000,
      outage,
      logger,
    });
    await client.getJson('/orders/1');
    stub.state.status = 503;
    for (let n = 0; n < 4; n++) await client.getJson('/orders/1').catch(() => undefined);
    expect(client.state).toBe('open');
    expect(told).toEqual(['back', 'down: HTTP 503', 'down: HTTP 503']); // the calls that failed fast reached nothing
    expect(logged).toEqual([]); // the gateway's outage log speaks, once per outage, instead of the breaker
  });

  it('a 4xx answer means the service is up', async () => {
    const { told, outage } = recorder();
    const client = new ServiceClient('users', base, { outage });
    stub.state.status = 400;
    await client.getJson('/users/x').catch(() => undefined);
    expect(await client.postJson('/auth/login', {})).toMatchObject({ status: 400 });
    expect(told).toEqual(['back', 'back']);
  });

  it('a service nobody listens on is down with the network error as the reason', async () => {
    const { told, outage } = recorder();
    await new ServiceClient('payments', 'http://127.0.0.1:1', { outage }).getJson('/x').catch(() => undefined);
    expect(told).toEqual([expect.stringMatching(/^down: .+/)]);
  });
});
