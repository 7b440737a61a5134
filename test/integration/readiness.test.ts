import { readFileSync } from 'node:fs';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import { servicePort } from '../../lib/config';
import { postgresAccepts, postgresLayout } from '../../scripts/stack/postgres';
import { pidFilePath, readPidFile } from '../../scripts/stack/pid-file';
import { eventually } from '../support/http';
import { testSecrets } from '../support/databases';
import { testConfig, TEST_STACK_LOG } from '../support/test-env';

const readyStatus = async (service: (typeof SERVICE_NAMES)[number]) => {
  const res = await fetch(`http://127.0.0.1:${servicePort(testConfig(), service)}/ready`, {
    signal: AbortSignal.timeout(5_000),
  });
  return {
    status: res.status,
    body: (await res.json()) as { checks: Record<string, { status: string; error?: string }> },
  };
};

/** Pid of a process of the test stack, as its supervisor records it. */
const stackPid = (name: string) => {
  const pid = readPidFile(pidFilePath(testConfig().DATA_DIR))?.processes[name]?.pid;
  if (!pid) throw new Error(`no pid recorded for ${name}`);
  return pid;
};

describe('health and readiness', () => {
  it('every service answers /health and /ready with 200 and a JSON check per dependency, with the events lag where it has events', async () => {
    const lag = { undelivered: expect.any(Number), pending: expect.any(Number) };
    const outbox = { pending: expect.any(Number), oldestAgeMs: expect.any(Number) };
    const events: Partial<Record<ServiceName, Record<string, unknown>>> = {
      orders: { outbox, 'group order-timeline': lag },
      users: { outbox },
      payments: { outbox },
      inventory: { outbox },
      notifications: { 'group notifications': lag },
    };
    for (const service of SERVICE_NAMES) {
      const health = await fetch(`http://127.0.0.1:${servicePort(testConfig(), service)}/health`);
      expect(health.status).toBe(200);
      const ready = await readyStatus(service);
      expect(ready.status).toBe(200);
      const detail = events[service];
      expect(ready.body.checks).toEqual({
        database: { status: 'ok' },
        temporal: { status: 'ok' },
        worker: { status: 'ok' },
        ...(detail && { events: { status: 'ok', detail } }),
      });
    }
  });

  it('the gateway answers /health', async () => {
    const res = await fetch(`http://127.0.0.1:${testConfig().GATEWAY_PORT}/health`);
    expect(res.status).toBe(200);
  });

  it('after PostgreSQL is killed, the supervisor brings it back and every /ready is 200 again within 30 s, with no manual step', async () => {
    const layout = postgresLayout(testConfig());
    const killed = stackPid('postgres');
    process.kill(killed, 'SIGKILL');
    expect(
      await eventually(
        async () => stackPid('postgres') !== killed && (await postgresAccepts(layout, testSecrets())),
        60_000,
        100,
      ),
    ).toBe(true);
    const accepting = Date.now();
    for (const service of SERVICE_NAMES) {
      expect(
        await eventually(async () => (await readyStatus(service)).status === 200, 30_000 - (Date.now() - accepting)),
      ).toBe(true);
    }
    // the supervisor polls on its own (every 250 ms), so its "back" line may follow the first ready answers
    const back = /✔ postgres is back at \d\d:\d\d:\d\d, [\d.]+ s after it died/;
    expect(await eventually(async () => back.test(readFileSync(TEST_STACK_LOG, 'utf8')), 15_000)).toBe(true);
    expect(readFileSync(TEST_STACK_LOG, 'utf8')).toMatch(/✖ postgres was killed by SIGKILL at \d\d:\d\d:\d\d/);
  });
});
