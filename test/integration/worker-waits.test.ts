import path from 'node:path';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/config';
import { databaseUrl, postgresLayout } from '../../scripts/stack/postgres';
import { testSecrets } from '../support/databases';
import { eventually } from '../support/http';
import { freePort, TcpProxy } from '../support/tcp-proxy';
import { testConfig, testProcessEnv } from '../support/test-env';

type Ready = { status: number; checks: Record<string, { status: string; error?: string }> };

describe('a worker whose dependencies are unreachable waits for them instead of crash-looping', () => {
  it('stays up, answers /health 200 and /ready 503 naming what is missing, logs each state change once, and polls once all answer', async () => {
    const config = testConfig();
    const db = new TcpProxy(await freePort(), { host: '127.0.0.1', port: config.POSTGRES_PORT });
    const temporal = new TcpProxy(await freePort(), { host: '127.0.0.1', port: config.TEMPORAL_PORT });
    const httpPort = await freePort();
    const url = new URL(databaseUrl(postgresLayout(config), testSecrets(), 'notifications'));
    url.port = String(db.port);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers', 'notifications.ts')], {
      env: testProcessEnv({
        NOTIFICATIONS_HTTP_PORT: String(httpPort),
        NOTIFICATIONS_DATABASE_URL: url.toString(),
        TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const base = `http://127.0.0.1:${httpPort}`;
    const ready = async (): Promise<Ready> => {
      const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(5_000) });
      return { ...((await res.json()) as { checks: Ready['checks'] }), status: res.status };
    };
    const lines = (msg: string) => output.split('\n').filter((l) => l.includes(`"msg":"${msg}`)).length;
    try {
      // both missing: alive, not ready, both named
      expect(await eventually(async () => (await fetch(`${base}/health`)).status === 200, 60_000)).toBe(true);
      expect(
        await eventually(
          async () => lines('waiting for the database') === 1 && lines('waiting for Temporal') === 1,
          30_000,
        ),
      ).toBe(true);
      const both = await ready();
      expect(both.status).toBe(503);
      expect(both.checks.database!.error).toMatch(/^waiting for the database: .*ECONNREFUSED/);
      expect(both.checks.temporal!.error).toMatch(/^waiting for Temporal: /);
      await new Promise((r) => setTimeout(r, 3_000)); // several retries later: still one line each, and still alive
      expect(child.exitCode).toBeNull();
      expect(lines('waiting for the database')).toBe(1);

      // the database comes: only Temporal is missing
      await db.open();
      expect(await eventually(async () => (await ready()).checks.database!.status === 'ok', 30_000)).toBe(true);
      const one = await ready();
      expect(one.status).toBe(503);
      expect(one.checks.temporal!.status).toBe('fail');
      expect(lines('the database connected')).toBe(1);

      // Temporal comes: ready, polling
      await temporal.open();
      expect(await eventually(async () => (await ready()).status === 200, 30_000)).toBe(true);
      expect(lines('Temporal connected')).toBe(1);
      expect(lines('worker started')).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await Promise.all([db.close(), temporal.close()]);
    }
  });
});
