import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { createHealthApp, listen, runChecks } from './health-server';

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
    const base = await serve(createHealthApp('users', { database: failing('down') }));
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'users', pid: process.pid });
  });

  it('answers /ready 200 with per-check results when all pass', async () => {
    const base = await serve(createHealthApp('users', { database: ok, temporal: ok }));
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      service: 'users',
      checks: { database: { status: 'ok' }, temporal: { status: 'ok' } },
    });
  });

  it('answers /ready 503 naming the failing check', async () => {
    const base = await serve(createHealthApp('users', { database: failing('password authentication failed'), temporal: ok }));
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      service: 'users',
      checks: { database: { status: 'fail', error: 'password authentication failed' }, temporal: { status: 'ok' } },
    });
  });

  it('answers 404 for unknown paths without service routes', async () => {
    const base = await serve(createHealthApp('users', {}));
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe('listen', () => {
  it('rejects with a message naming the port and the setting when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const app = createHealthApp('users', {});
      await expect(listen(app, port, 'USERS_HTTP_PORT')).rejects.toThrow(
        `Port ${port} is already in use; set USERS_HTTP_PORT to another port.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('resolves with a listening server on a free port', async () => {
    const server = await listen(createHealthApp('users', {}), 0, 'USERS_HTTP_PORT');
    try {
      expect(server.listening).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
