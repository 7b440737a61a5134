import http from 'node:http';
import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import { closeServer, deadUrl, listenLocal } from '../../test/support/local-server';
import { checkDownstreams, overallHealth } from './downstream-health';

/** How each fake service answers `/ready`: ready, not ready because of one failing check, or hung. */
type Answer = 'ready' | 'database' | 'worker' | 'hang';

function fakeService(answer: () => Answer) {
  return http.createServer((_req, res) => {
    const a = answer();
    if (a === 'hang') return; // never answers
    const failing: string[] = a === 'ready' ? [] : [a];
    res.writeHead(failing.length ? 503 : 200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: failing.length ? 'not_ready' : 'ready',
        checks: Object.fromEntries(
          ['database', 'temporal', 'worker'].map((c) => [
            c,
            failing.includes(c) ? { status: 'fail', error: `${c} broke` } : { status: 'ok' },
          ]),
        ),
      }),
    );
  });
}

const temporal = (up: boolean) =>
  ({
    connection: {
      withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
      workflowService: {
        getSystemInfo: async () => {
          if (!up) throw new Error('14 UNAVAILABLE: connection refused');
          return {};
        },
      },
    },
  }) as unknown as Client;
const redis = (up: boolean) =>
  ({
    ping: async () => {
      if (!up) throw new Error('Connection is closed.');
      return 'PONG';
    },
  }) as unknown as Redis;

const answers = new Map<ServiceName, Answer>();
const servers: http.Server[] = [];
const urls = new Map<ServiceName, string>();
beforeAll(async () => {
  for (const s of SERVICE_NAMES) {
    const server = fakeService(() => answers.get(s) ?? 'ready');
    servers.push(server);
    urls.set(s, await listenLocal(server));
  }
});
afterAll(() => Promise.all(servers.map(closeServer)));
afterEach(() => answers.clear());

const check = (over: { temporal?: boolean; redis?: boolean; url?: (s: ServiceName) => string } = {}) =>
  checkDownstreams({
    temporal: temporal(over.temporal ?? true),
    redis: redis(over.redis ?? true),
    serviceUrl: over.url ?? ((s) => urls.get(s)!),
    timeoutMs: 300,
  });

describe('gateway health of its downstreams', () => {
  it('all fine: every downstream healthy, overall healthy', async () => {
    const reports = await check();
    expect(Object.keys(reports).sort()).toEqual([...SERVICE_NAMES, 'redis', 'temporal'].sort());
    expect(Object.values(reports).every((r) => r.status === 'healthy')).toBe(true);
    expect(overallHealth(reports)).toBe('healthy');
  });

  it('a service whose worker is down but database fine is degraded; one whose database fails is unhealthy', async () => {
    answers.set('payments', 'worker');
    answers.set('notifications', 'database');
    const reports = await check();
    expect(reports.payments).toMatchObject({ status: 'degraded', essential: false, error: 'worker: worker broke' });
    expect(reports.notifications).toMatchObject({ status: 'unhealthy', error: 'database: database broke' });
    expect(overallHealth(reports)).toBe('degraded'); // orders can still be taken: 200
  });

  it('a hung or absent service is unhealthy within the timeout', async () => {
    answers.set('inventory', 'hang');
    const dead = await deadUrl();
    const started = Date.now();
    const reports = await check({ url: (s) => (s === 'users' ? dead : urls.get(s)!) });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reports.inventory).toMatchObject({ status: 'unhealthy', error: 'no answer within 300 ms' });
    expect(reports.users.status).toBe('unhealthy');
    expect(overallHealth(reports)).toBe('degraded');
  });

  it('Redis, the orders or the products service down is degraded (orders are still taken); Temporal down is unhealthy (503)', async () => {
    expect(overallHealth(await check({ redis: false }))).toBe('degraded');
    const noTemporal = await check({ temporal: false });
    expect(noTemporal.temporal).toMatchObject({ status: 'unhealthy', essential: true });
    expect(overallHealth(noTemporal)).toBe('unhealthy');
    answers.set('orders', 'database');
    const noOrders = await check();
    expect(noOrders.orders).toMatchObject({ status: 'unhealthy', essential: false });
    expect(overallHealth(noOrders)).toBe('degraded');
    answers.set('orders', 'ready');
    answers.set('products', 'hang');
    expect(overallHealth(await check())).toBe('degraded');
  });
});
