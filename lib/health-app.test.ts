import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { internalAuthHeader } from './internal-auth';
import { HttpError } from './http-error';
import { parseInput } from './validation';
import { createHealthApp, runChecks } from './health-app';
import { listen } from './http-server';

/** The credential the apps under test require. */
const TOKEN = 'health-server-test-token-0123';
const AUTH = internalAuthHeader(TOKEN);

const ok = async () => undefined;
const failing = (message: string) => async () => {
  throw new Error(message);
};

describe('runChecks', () => {
  it('is ready when every check passes', async () => {
    expect(await runChecks({ database: ok, temporal: ok })).toEqual({
      ready: true,
      checks: { database: { status: 'ok' }, temporal: { status: 'ok' } },
    });
  });

  it('is not ready when one check throws, and reports its message', async () => {
    expect(await runChecks({ database: failing('connection refused'), temporal: ok })).toEqual({
      ready: false,
      checks: { database: { status: 'fail', error: 'connection refused' }, temporal: { status: 'ok' } },
    });
  });

  it('reports a non-Error rejection as text', async () => {
    const result = await runChecks({ odd: () => Promise.reject('plain string') });
    expect(result).toEqual({ ready: false, checks: { odd: { status: 'fail', error: 'plain string' } } });
  });
});

describe('createHealthApp', () => {
  const servers: http.Server[] = [];

  /** Serves `app` on a free port and returns its base URL. */
  async function serve(app: Koa): Promise<string> {
    const server = http.createServer(app.callback());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('answers /health 200 regardless of checks', async () => {
    const base = await serve(
      createHealthApp('users', { database: failing('down') }, undefined, { internalToken: TOKEN }),
    );
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'users', pid: process.pid });
  });

  it('answers /ready 200 with per-check results when all pass', async () => {
    const base = await serve(
      createHealthApp('users', { database: ok, temporal: ok }, undefined, { internalToken: TOKEN }),
    );
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      service: 'users',
      checks: { database: { status: 'ok' }, temporal: { status: 'ok' } },
    });
  });

  it('answers /ready 503 naming the failing check', async () => {
    const base = await serve(
      createHealthApp('users', { database: failing('password authentication failed'), temporal: ok }, undefined, {
        internalToken: TOKEN,
      }),
    );
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      service: 'users',
      checks: { database: { status: 'fail', error: 'password authentication failed' }, temporal: { status: 'ok' } },
    });
  });

  it('answers 404 NOT_FOUND in the error style for unknown paths without service routes', async () => {
    const base = await serve(createHealthApp('users', {}, undefined, { internalToken: TOKEN }));
    const res = await fetch(`${base}/nope`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
  });

  describe("with the service's routes", () => {
    const router = new Router();
    router.get('/things', (ctx) => {
      ctx.body = { items: [], query: parseInput(z.strictObject({ name: z.string().max(5).optional() }), ctx.query) };
    });
    router.get('/refused', () => {
      throw new HttpError(409, 'THING_LOCKED', 'The thing is locked.', { thing: 'x' });
    });
    router.get('/broken', () => {
      throw new Error('connection to 10.0.0.7 lost\n    at secret.ts:12');
    });
    router.get('/thrown', (ctx) => ctx.throw(404, 'thing not found'));
    let base: string;
    const errors: unknown[] = [];
    beforeEach(async () => {
      errors.length = 0;
      const app = createHealthApp('users', { database: ok }, router, { internalToken: TOKEN });
      app.on('error', (err) => errors.push(err));
      base = await serve(app);
    });
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(base + path, {
        ...init,
        headers: { ...AUTH, ...(init.headers as Record<string, string>) },
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };

    it('requires the internal credential of every route, and of unknown paths, but not of /health and /ready', async () => {
      for (const path of ['/things', '/broken', '/nope']) {
        const res = await fetch(base + path);
        expect([path, res.status, await res.json()]).toEqual([
          path,
          401,
          { error: { code: 'UNAUTHORIZED', message: expect.any(String) } },
        ]);
        expect((await fetch(base + path, { headers: internalAuthHeader('wrong-token-of-16-chars') })).status).toBe(401);
      }
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect(await call('/things')).toEqual({ status: 200, body: { items: [], query: {} } });
    });

    it('requires the credential of routes mounted after the app was built too', async () => {
      const app = createHealthApp('users', {}, undefined, { internalToken: TOKEN });
      app.use(router.routes());
      const late = await serve(app);
      expect((await fetch(`${late}/things`)).status).toBe(401);
      expect((await fetch(`${late}/things`, { headers: AUTH })).status).toBe(200);
    });

    it('answers every failure as {error: {code, message, details?}}', async () => {
      expect(await call('/things?name=toolong')).toEqual({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request is not valid.',
            details: [expect.objectContaining({ path: 'name' })],
          },
        },
      });
      expect(await call('/things?other=1')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(await call('/refused')).toEqual({
        status: 409,
        body: { error: { code: 'THING_LOCKED', message: 'The thing is locked.', details: { thing: 'x' } } },
      });
      expect(await call('/thrown')).toEqual({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'thing not found' } },
      });
      expect(await call('/things', { method: 'POST' })).toEqual({
        status: 405,
        body: { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST is not allowed here.' } },
      });
      expect(await call('/things', { method: 'PROPFIND' })).toMatchObject({
        status: 405,
        body: { error: { code: 'METHOD_NOT_ALLOWED' } },
      }); // not the router's 501
    });

    it('answers 500 INTERNAL without the error text or a stack trace, and emits the error for the log', async () => {
      expect(await call('/broken')).toEqual({
        status: 500,
        body: { error: { code: 'INTERNAL', message: 'Internal server error' } },
      });
      expect(errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining('connection to 10.0.0.7 lost') }),
      ]);
    });
  });
});

describe('listen', () => {
  it('binds the loopback interface by default (SERVICE_BIND_HOST unset), and the host it is given', async () => {
    const saved = process.env.SERVICE_BIND_HOST;
    delete process.env.SERVICE_BIND_HOST;
    const app = createHealthApp('users', {}, undefined, { internalToken: TOKEN });
    try {
      for (const [host, expected] of [
        [undefined, '127.0.0.1'],
        ['0.0.0.0', '0.0.0.0'],
      ] as const) {
        const server = await listen(app, 0, 'USERS_HTTP_PORT', host);
        expect((server.address() as AddressInfo).address).toBe(expected);
        await new Promise((resolve) => server.close(resolve));
      }
      process.env.SERVICE_BIND_HOST = '0.0.0.0';
      const server = await listen(app, 0, 'USERS_HTTP_PORT');
      expect((server.address() as AddressInfo).address).toBe('0.0.0.0');
      await new Promise((resolve) => server.close(resolve));
    } finally {
      if (saved === undefined) delete process.env.SERVICE_BIND_HOST;
      else process.env.SERVICE_BIND_HOST = saved;
    }
  });

  it('rejects with a message naming the port and the setting when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const app = createHealthApp('users', {}, undefined, { internalToken: TOKEN });
      await expect(listen(app, port, 'USERS_HTTP_PORT')).rejects.toThrow(
        `Port ${port} is already in use; set USERS_HTTP_PORT to another port.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('resolves with a listening server on a free port', async () => {
    const server = await listen(
      createHealthApp('users', {}, undefined, { internalToken: TOKEN }),
      0,
      'USERS_HTTP_PORT',
    );
    try {
      expect(server.listening).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
