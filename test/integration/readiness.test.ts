import { SERVICE_NAMES } from '../../contracts';
import { servicePort } from '../../lib/config';
import { postgresLayout, startPostgres, stopPostgres } from '../../scripts/stack/postgres';
import { eventually } from '../support/http';
import { testConfig } from '../support/test-env';

const readyStatus = async (service: (typeof SERVICE_NAMES)[number]) => {
  const res = await fetch(`http://127.0.0.1:${servicePort(testConfig(), service)}/ready`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as { checks: Record<string, { status: string; error?: string }> } };
};

describe('health and readiness', () => {
  it('every service answers /health and /ready with 200 and a JSON check per dependency', async () => {
    for (const service of SERVICE_NAMES) {
      const health = await fetch(`http://127.0.0.1:${servicePort(testConfig(), service)}/health`);
      expect(health.status).toBe(200);
      const ready = await readyStatus(service);
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ database: { status: 'ok' }, temporal: { status: 'ok' }, worker: { status: 'ok' } });
    }
  });

  it('the gateway answers /health', async () => {
    const res = await fetch(`http://127.0.0.1:${testConfig().GATEWAY_PORT}/health`);
    expect(res.status).toBe(200);
  });

  it('/ready turns 503 naming the database while PostgreSQL is stopped, and 200 again after it restarts', async () => {
    const layout = postgresLayout(testConfig());
    stopPostgres(layout);
    try {
      const down = await eventually(async () => (await readyStatus('users')).status === 503, 20_000);
      expect(down).toBe(true);
      const { body } = await readyStatus('users');
      expect(body.checks.database.status).toBe('fail');
      expect(body.checks.temporal.status).toBe('ok');
    } finally {
      startPostgres(layout);
    }
    for (const service of SERVICE_NAMES) {
      expect(await eventually(async () => (await readyStatus(service)).status === 200, 30_000)).toBe(true);
    }
  });
});
