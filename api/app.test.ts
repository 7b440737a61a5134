import http from 'node:http';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { SERVICE_NAMES, type RegisterUserInput, type RegisterUserResult } from '../contracts';
import { envKey, loadConfig } from '../lib/config';
import { createApp } from './app';
import type { TokenVerifier } from './auth/token-verifier';
import { HttpError } from './http-error';
import { fakeRedis } from '../test/support/fake-redis';
import { closeServer, listenLocal, rawRequest } from '../test/support/local-server';
import { registry } from '../lib/metrics';
import { METRIC_NAMES } from '../contracts';

type StartOptions = { taskQueue: string; workflowId: string; args: [RegisterUserInput] };

/** A fake Temporal client: `workflow.start` records its calls and returns a handle whose `result()` is `outcome()`; the health probe answers. */
function fakeTemporal(outcome: () => Promise<RegisterUserResult>) {
  const start = jest.fn(async (_type: string, options: StartOptions) => ({
    workflowId: options.workflowId,
    result: outcome,
  }));
  const connection = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflowService: { getSystemInfo: async () => ({}) },
  };
  const client = {
    workflow: { start },
    connection,
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    withAbortSignal: <T>(_signal: AbortSignal, fn: () => Promise<T>) => fn(),
  };
  return { client: client as unknown as Client, start };
}

/** Token `t-<customerId>` names that customer; anything else is refused like a badly signed token. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (/^t-[A-Za-z0-9-]+$/.test(token)) return { customerId: token.slice(2) };
    throw new HttpError(401, 'INVALID_TOKEN', 'The access token is not valid.');
  },
};

const user = { email: 'ada@example.com', name: 'Ada Lovelace', password: 'analytical-engine' };
const created = (input: RegisterUserInput): RegisterUserResult => ({
  ok: true,
  user: { id: 'u-1', email: input.email, name: input.name, createdAt: '2024-01-01T00:00:00.000Z' },
});

/** Stands in for every service: `GET /ready` answers 200; `POST /auth/login` (users) answers 200 for `user`'s password, else 401. */
function startServices() {
  const logins: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/ready') return send(200, { status: 'ready' });
      if (req.method === 'POST' && req.url === '/auth/login') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { email: string; password: string };
        logins.push(body);
        return body.email === user.email && body.password === user.password
          ? send(200, { token: 't-u-1', expiresIn: 3600 })
          : send(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' } });
      }
      send(404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    });
  });
  return { server, logins };
}

const listen = async (server: http.Server) => Number(new URL(await listenLocal(server)).port);
const close = closeServer;

let server: http.Server | undefined;
let services: ReturnType<typeof startServices> | undefined;
let base: string;
let start: ReturnType<typeof fakeTemporal>['start'];

interface BootOptions {
  resultTimeoutMs?: number;
  /** Settings on top of the test's (every service on the stub), e.g. `{ RATE_LIMIT_PER_MINUTE: '2' }`. */
  env?: Record<string, string>;
  logger?: pino.Logger;
  /** The gateway's Redis (a fresh fakeRedis by default). */
  redis?: ReturnType<typeof fakeRedis>;
}

/** Serves a fresh gateway on a free port, with the given workflow outcome, every service pointing at one stub. */
async function boot(outcome: () => Promise<RegisterUserResult>, options: BootOptions = {}) {
  services = startServices();
  const port = String(await listen(services.server));
  const config = loadConfig({
    ...Object.fromEntries(SERVICE_NAMES.map((s) => [envKey(s, 'HTTP_PORT'), port])),
    ...options.env,
  });
  const temporal = fakeTemporal(outcome);
  start = temporal.start;
  const app = createApp({
    temporal: temporal.client,
    redis: options.redis ?? fakeRedis(),
    logger: options.logger ?? pino({ level: 'silent' }),
    config,
    verifier,
    resultTimeoutMs: options.resultTimeoutMs,
  });
  server = http.createServer(app.callback());
  base = `http://127.0.0.1:${await listen(server)}`;
}

/** Boots with a workflow that registers the user it was given. */
const bootRegistering = (options?: BootOptions) =>
  boot(async () => created(start.mock.calls[start.mock.calls.length - 1][1].args[0]), options);

afterEach(async () => {
  if (server) await close(server);
  if (services) await close(services.server);
  server = undefined;
  services = undefined;
});

/** Sends a request; an object body is sent as JSON, a string body as-is. */
async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: (text ? JSON.parse(text) : {}) as Record<string, any>,
  };
}

const register = (body: unknown, headers?: Record<string, string>) => send('POST', '/api/auth/register', body, headers);
const login = (body: unknown, headers?: Record<string, string>) => send('POST', '/api/auth/login', body, headers);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const corsHeaders = (headers: Headers) => [...headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('gateway basics', () => {
  beforeEach(() => bootRegistering());

  it('answers GET /health with every downstream healthy', async () => {
    const res = await send('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', service: 'gateway' });
    expect(Object.keys(res.body.checks).sort()).toEqual(['redis', 'temporal', ...SERVICE_NAMES].sort());
    expect(Object.values(res.body.checks).every((c) => (c as { status: string }).status === 'healthy')).toBe(true);
  });

  it('counts requests by matched route (never the raw URL) and serves no /metrics on the public port', async () => {
    registry.resetMetrics();
    await send('GET', '/health');
    await send('GET', '/no-such-page/12345');
    await send('GET', '/metrics');
    const counts = (await registry.getSingleMetric(METRIC_NAMES.httpRequests)!.get()).values;
    const seen = counts.map((v) => `${v.labels.method} ${v.labels.route} ${v.labels.status}`);
    expect(seen).toEqual(expect.arrayContaining(['GET /health 200', 'GET unmatched 404']));
    expect(JSON.stringify(counts)).not.toMatch(/12345|no-such-page/);
    expect((await send('GET', '/metrics')).status).toBe(404);
  });

  it('answers an unknown route with a 404 error body carrying the request id', async () => {
    const res = await send('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), requestId: res.headers.get('x-request-id') },
    });
    expect(res.body.error.message).toContain('/nope');
  });

  it('answers a wrong method with 405 and the Allow header (RFC 9110)', async () => {
    const res = await send('GET', '/api/auth/register');
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('POST');
    expect((await send('DELETE', '/api/products/p-1')).headers.get('allow')).toBe('HEAD, GET');
  });

  it('answers a method no route implements with 405 and Allow, not a 5xx', async () => {
    for (const method of ['PROPFIND', 'TRACE', 'QUERY']) {
      // fetch refuses to send TRACE: a raw request
      const res = await rawRequest(base, [`${method} /api/products HTTP/1.1`]);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('HEAD, GET');
      expect(res.body).toEqual({
        error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String), requestId: res.headers['x-request-id'] },
      });
    }
  });

  it('answers any method on a path no route serves with 404 and no Allow', async () => {
    for (const method of ['GET', 'TRACE', 'PROPFIND']) {
      const res = await rawRequest(base, [`${method} /api/nothing-here HTTP/1.1`]);
      expect(res.status).toBe(404);
      expect(res.headers.allow).toBeUndefined();
      expect((res.body.error as { code: string }).code).toBe('NOT_FOUND');
    }
  });

  it.each([
    ['//?a@b#c', 404, 'NOT_FOUND'], // Koa's ctx.path is null for it
    ['/\\[#?@!', 400, 'BAD_REQUEST'], // Node's URL parser throws on it
  ])('answers the odd request target %s with %i, not 500', async (target, status, code) => {
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(base);
      http
        .request({ host: url.hostname, port: url.port, method: 'POST', path: target, agent: false }, (r) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
        })
        .on('error', reject)
        .end();
    });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toEqual({
      error: { code, message: expect.any(String), requestId: expect.any(String) },
    });
  });

  it('echoes a well-formed X-Request-Id', async () => {
    const res = await send('GET', '/nope', undefined, { 'X-Request-Id': 'client-req_42:a.b' });
    expect(res.headers.get('x-request-id')).toBe('client-req_42:a.b');
    expect(res.body.error.requestId).toBe('client-req_42:a.b');
  });

  it('generates a request id when absent', async () => {
    const [a, b] = await Promise.all([send('GET', '/health'), send('GET', '/health')]);
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).toMatch(UUID);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it.each([['with spaces and <html>'], ['x'.repeat(129)]])('replaces a malformed request id (%#)', async (given) => {
    const res = await send('GET', '/nope', undefined, { 'X-Request-Id': given });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses an unknown query parameter with 400 VALIDATION_FAILED', async () => {
    const res = await send('GET', '/api/openapi.json?debug=1');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: res.headers.get('x-request-id') });
  });
});

describe('POST /api/auth/register', () => {
  it('starts registerUser on the orders queue with a hash, never the plaintext, and answers 201', async () => {
    await bootRegistering();
    const res = await register(user, { 'X-Request-Id': 'reg-1' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'u-1', email: user.email, name: user.name });

    expect(start).toHaveBeenCalledTimes(1);
    const [type, options] = start.mock.calls[0];
    expect(type).toBe('registerUser');
    expect(options.taskQueue).toBe('orders');
    expect(options.workflowId).toMatch(/^register-user-/);
    const input = options.args[0];
    expect(options.workflowId).toBe(`register-user-${input.registrationId}`);
    expect(input).toMatchObject({ email: user.email, name: user.name, requestId: 'reg-1' });
    expect(input.passwordHash).toMatch(/^scrypt\$/);
    expect(input).not.toHaveProperty('password');
    expect(JSON.stringify(options)).not.toContain(user.password);
  });

  it('answers 409 EMAIL_TAKEN when the workflow reports a taken email', async () => {
    await boot(async () => ({ ok: false, reason: 'EMAIL_TAKEN' }));
    const res = await register(user);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EMAIL_TAKEN', requestId: expect.any(String) });
  });

  it.each([
    ['a bad email', { ...user, email: 'not-an-email' }, 'email'],
    ['an unknown field', { ...user, admin: true }, ''],
    ['a short password', { ...user, password: 'short' }, 'password'],
    ['a missing name', { email: user.email, password: user.password }, 'name'],
  ])('refuses %s with 400 VALIDATION_FAILED and starts nothing', async (_label, body, path) => {
    await bootRegistering();
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(start).not.toHaveBeenCalled();
  });

  it('refuses an unknown query parameter with 400 and starts nothing', async () => {
    await bootRegistering();
    const res = await send('POST', '/api/auth/register?role=admin', user);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(start).not.toHaveBeenCalled();
  });

  it('answers 400 INVALID_JSON for broken JSON', async () => {
    await bootRegistering();
    const res = await register('{"email": "a@b.c",', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
    expect(start).not.toHaveBeenCalled();
  });

  it('answers 415 for a text/plain body', async () => {
    await bootRegistering();
    const res = await register(JSON.stringify(user), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(start).not.toHaveBeenCalled();
  });

  it('treats a POST with no body at all (no Content-Type, no Content-Length) as an empty body: 400 VALIDATION_FAILED, not 415', async () => {
    await bootRegistering();
    const res = await rawRequest(base, ['POST /api/auth/register HTTP/1.1']);
    expect(res.status).toBe(400);
    expect((res.body.error as { code: string }).code).toBe('VALIDATION_FAILED');
    expect(start).not.toHaveBeenCalled();
  });

  it('answers 413 for a body over 64 KB', async () => {
    await bootRegistering();
    const res = await register({ ...user, name: 'x'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(start).not.toHaveBeenCalled();
  });

  it('hides internal errors behind a plain 500 and logs them with the request id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await boot(
      async () => {
        throw new Error('connection to /var/secret/db refused');
      },
      { logger },
    );
    const res = await register(user, { 'X-Request-Id': 'boom-1' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error', requestId: 'boom-1' } });
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toMatch(/stack|at .*\.ts/);

    const logged = lines.map(
      (l) =>
        JSON.parse(l) as { level: number; msg: string; requestId?: string; err?: { message: string; stack?: string } },
    );
    const failure = logged.find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({
      level: 50,
      requestId: 'boom-1',
      err: { message: 'connection to /var/secret/db refused' },
    });
    expect(failure?.err?.stack).toEqual(expect.any(String)); // the stack goes to the log, never to the client
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', requestId: 'boom-1', status: 500 }));
  });

  it('answers 500 when starting the workflow throws', async () => {
    await boot(async () => created({ registrationId: 'r', email: user.email, name: user.name, passwordHash: 'h' }));
    start.mockRejectedValueOnce(new Error('Temporal unavailable at 10.0.0.1'));
    const res = await register(user);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe('Internal server error');
    expect(res.text).not.toContain('10.0.0.1');
  });

  it('answers 503 TEMPORAL_UNAVAILABLE, without the address, when Temporal cannot be reached to start the workflow', async () => {
    await boot(async () => created({ registrationId: 'r', email: user.email, name: user.name, passwordHash: 'h' }));
    start.mockRejectedValueOnce(
      Object.assign(new Error('14 UNAVAILABLE: connect ECONNREFUSED 10.0.0.1:7233'), { code: 14 }),
    );
    const res = await register(user);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(res.text).not.toContain('10.0.0.1');
  });

  it('answers 202 PENDING when the result outlasts the timeout', async () => {
    await boot(() => new Promise<RegisterUserResult>(() => undefined), { resultTimeoutMs: 50 });
    const res = await register(user);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      registrationId: expect.stringMatching(UUID),
      status: 'PENDING',
      workflowId: expect.any(String),
    });
    expect(res.body.workflowId).toBe(`register-user-${res.body.registrationId}`);
    expect(start.mock.calls[0][1].workflowId).toBe(res.body.workflowId);
  });
});

describe('POST /api/auth/login', () => {
  beforeEach(() => bootRegistering());

  it('forwards email and password to the users service and answers its token', async () => {
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: 't-u-1', expiresIn: 3600 });
    expect(services?.logins).toEqual([{ email: user.email, password: user.password }]);
    expect(start).not.toHaveBeenCalled();
  });

  it('answers 401 INVALID_CREDENTIALS when the users service refuses the password', async () => {
    const res = await login({ email: user.email, password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: expect.any(String), requestId: res.headers.get('x-request-id') },
    });
    expect(services?.logins).toHaveLength(1);
  });

  it.each([
    ['an extra field', { email: user.email, password: user.password, customerId: 'u-2' }],
    ['a bad email', { email: 'nobody', password: user.password }],
    ['no password', { email: user.email }],
  ])('refuses a body with %s with 400 VALIDATION_FAILED and never calls the users service', async (_label, body) => {
    const res = await login(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(services?.logins).toEqual([]);
  });

  it('refuses an unknown query parameter with 400 and never calls the users service', async () => {
    const res = await send('POST', '/api/auth/login?next=/admin', { email: user.email, password: user.password });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(services?.logins).toEqual([]);
  });
});

describe('CORS', () => {
  beforeEach(() => bootRegistering({ env: { CORS_ORIGINS: 'https://shop.example, https://admin.example' } }));

  it('answers an allowed origin with Access-Control-Allow-Origin naming it, and exposes X-Request-Id', async () => {
    const res = await send('GET', '/health', undefined, { Origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('answers a preflight from an allowed origin with 204 and the allowed methods and headers, without asking for a token', async () => {
    const res = await send('OPTIONS', '/api/orders', undefined, {
      Origin: 'https://admin.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('Authorization'));
    expect(res.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('Idempotency-Key'));
    expect(start).not.toHaveBeenCalled();
  });

  it('gives a disallowed origin no access-control-* header at all, on a request or a preflight', async () => {
    const plain = await send('GET', '/health', undefined, { Origin: 'https://evil.example' });
    expect(plain.status).toBe(200);
    expect(corsHeaders(plain.headers)).toEqual([]);

    const preflight = await send('OPTIONS', '/api/orders', undefined, {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'POST',
    });
    expect(preflight.status).not.toBe(204);
    expect(corsHeaders(preflight.headers)).toEqual([]);
  });

  it('gives a request without Origin no access-control-* header', async () => {
    const res = await send('GET', '/health');
    expect(corsHeaders(res.headers)).toEqual([]);
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED on /api once the per-minute budget (RATE_LIMIT_PER_MINUTE) is spent, but not on /health', async () => {
    await bootRegistering({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    expect((await register({})).status).toBe(400);
    expect((await register({})).status).toBe(400);
    const limited = await register({});
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: limited.headers.get('x-request-id') });
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).not.toBeNull();
    expect((await send('GET', '/health')).status).toBe(200);
  });

  it('counts /api per customer when a token names one, else per IP', async () => {
    await bootRegistering({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const as = (customer: string) => ({ Authorization: `Bearer t-${customer}` });
    expect((await register({}, as('a'))).status).toBe(400);
    expect((await register({}, as('a'))).status).toBe(400);
    expect((await register({}, as('a'))).status).toBe(429);
    expect((await register({}, as('b'))).status).toBe(400); // another customer has its own budget
    expect((await register({})).status).toBe(400); // and so has the anonymous IP
  });

  it('limits POST /api/auth/login per IP (RATE_LIMIT_LOGIN_PER_MINUTE), whatever token comes along, and stops calling the users service', async () => {
    await bootRegistering({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2' } });
    const wrong = { email: user.email, password: 'guess' };
    expect((await login(wrong, { Authorization: 'Bearer t-a' })).status).toBe(401);
    expect((await login(wrong, { Authorization: 'Bearer t-b' })).status).toBe(401);
    const limited = await login(wrong, { Authorization: 'Bearer t-c' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    expect(services?.logins).toHaveLength(2);
    expect((await register({})).status).toBe(400); // other /api routes are not held by the login budget
  });

  it('holds the login budget whatever the spelling of the path', async () => {
    await bootRegistering({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2' } });
    const wrong = { email: user.email, password: 'guess' };
    expect((await send('POST', '/api/auth/login/', wrong)).status).toBe(401);
    expect((await send('POST', '/API/AUTH/LOGIN', wrong)).status).toBe(401);
    expect((await send('POST', '/Api/Auth/Login/', wrong)).status).toBe(429);
    expect(services?.logins).toHaveLength(2);
  });

  it('counts every request against one limit only: one Redis round trip each, login and order placement included', async () => {
    const redis = fakeRedis();
    const scripts: string[] = [];
    const define = redis.defineCommand.bind(redis);
    redis.defineCommand = ((name: string, definition: { lua: string }) => {
      define(name, definition);
      const run = (redis as unknown as Record<string, (key: string, ...rest: unknown[]) => Promise<unknown>>)[name]!;
      (redis as unknown as Record<string, unknown>)[name] = (key: string, ...rest: unknown[]) => {
        scripts.push(key);
        return run(key, ...rest);
      };
    }) as typeof redis.defineCommand;
    await bootRegistering({ redis });
    await login({ email: user.email, password: 'guess' });
    await register({});
    await send('POST', '/api/orders', {}, { Authorization: 'Bearer t-a' });
    await send('POST', '/api/orders', {}); // anonymous: counted per IP against /api, then 401
    expect(scripts).toEqual([
      'ratelimit:login:ip:127.0.0.1',
      'ratelimit:api:ip:127.0.0.1',
      'ratelimit:place-order:c:a',
      'ratelimit:api:ip:127.0.0.1',
    ]);
  });

  it('holds the /api budget whatever the case of the path', async () => {
    await bootRegistering({ env: { RATE_LIMIT_PER_MINUTE: '1' } });
    expect((await send('POST', '/API/AUTH/REGISTER', {})).status).toBe(400);
    expect((await send('POST', '/Api/Auth/Register/', {})).status).toBe(429);
  });
});
