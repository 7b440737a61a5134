import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { RegisterUserInput, RegisterUserResult } from '../contracts';
import { createApp } from './app';
import { fakeRedis } from '../test/support/fake-redis';


type StartOptions = { taskQueue: string; workflowId: string; args: [RegisterUserInput] };

/** A fake Temporal client: `workflow.start` records its calls and returns a handle whose `result()` is `outcome()`. */
function fakeTemporal(outcome: () => Promise<RegisterUserResult>) {
  const start = jest.fn(async (_type: string, options: StartOptions) => ({ workflowId: options.workflowId, result: outcome }));
  return { client: { workflow: { start } } as unknown as Client, start };
}

const user = { email: 'ada@example.com', name: 'Ada Lovelace', password: 'analytical-engine' };
const created = (input: RegisterUserInput): RegisterUserResult => ({
  ok: true,
  user: { id: 'u-1', email: input.email, name: input.name, createdAt: '2024-01-01T00:00:00.000Z' },
});

let server: http.Server | undefined;
let base: string;
let start: ReturnType<typeof fakeTemporal>['start'];

/** Serves a fresh gateway on a free port, with the given workflow outcome. */
async function boot(outcome: () => Promise<RegisterUserResult>, options: { resultTimeoutMs?: number; rateLimitPerMinute?: number } = {}) {
  const temporal = fakeTemporal(outcome);
  start = temporal.start;
  const app = createApp({ temporal: temporal.client, redis: fakeRedis(), logger: pino({ level: 'silent' }), ...options });
  server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Boots with a workflow that registers the user it was given. */
const bootRegistering = (options?: { resultTimeoutMs?: number; rateLimitPerMinute?: number }) =>
  boot(async () => created(start.mock.calls[start.mock.calls.length - 1][1].args[0]), options);

afterEach(async () => {
  if (!server) return;
  const closed = new Promise((resolve) => server?.close(resolve));
  server.closeAllConnections();
  await closed;
  server = undefined;
});

/** Sends a request; an object body is sent as JSON, a string body as-is. */
async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const register = (body: unknown, headers?: Record<string, string>) => send('POST', '/api/auth/register', body, headers);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('gateway basics', () => {
  beforeEach(() => bootRegistering());

  it('answers GET /health', async () => {
    const res = await send('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('answers an unknown route with a 404 error body carrying the request id', async () => {
    const res = await send('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
    expect(res.body.error.message).toContain('/nope');
  });

  it('answers a wrong method with 405', async () => {
    const res = await send('GET', '/api/auth/register');
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
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

  it('answers 413 for a body over 64 KB', async () => {
    await bootRegistering();
    const res = await register({ ...user, name: 'x'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(start).not.toHaveBeenCalled();
  });

  it('hides internal errors behind a plain 500', async () => {
    await boot(async () => {
      throw new Error('connection to /var/secret/db refused');
    });
    const res = await register(user);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error', requestId: expect.any(String) } });
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toMatch(/stack|at .*\.ts/);
  });

  it('answers 500 when starting the workflow throws', async () => {
    await boot(async () => created({ registrationId: 'r', email: user.email, name: user.name, passwordHash: 'h' }));
    start.mockRejectedValueOnce(new Error('Temporal unavailable at 10.0.0.1'));
    const res = await register(user);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe('Internal server error');
    expect(res.text).not.toContain('10.0.0.1');
  });

  it('answers 202 PENDING when the result outlasts the timeout', async () => {
    await boot(() => new Promise<RegisterUserResult>(() => undefined), { resultTimeoutMs: 50 });
    const res = await register(user);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ registrationId: expect.stringMatching(UUID), status: 'PENDING', workflowId: expect.any(String) });
    expect(res.body.workflowId).toBe(`register-user-${res.body.registrationId}`);
    expect(start.mock.calls[0][1].workflowId).toBe(res.body.workflowId);
  });
});

describe('rate limit', () => {
  it('answers 429 RATE_LIMITED on /api once the per-minute budget is spent, but not on /health', async () => {
    await bootRegistering({ rateLimitPerMinute: 2 });
    expect((await register({})).status).toBe(400);
    expect((await register({})).status).toBe(400);
    const limited = await register({});
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    expect((await send('GET', '/health')).status).toBe(200);
  });
});
