import http from 'node:http';
import { ServiceClient } from './service-client';
import { closeServer, listenLocal } from '../../test/support/local-server';

/** A service whose status the test sets. */
function stubService() {
  const state = { status: 200 };
  const server = http.createServer((_req, res) => {
    res.writeHead(state.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: state.status === 200 }));
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

/** An outage log that records what it is told. */
const recorder = () => {
  const told: string[] = [];
  return { told, outage: { down: (reason: string) => void told.push(`down: ${reason}`), back: () => void told.push('back') } };
};

describe('ServiceClient with an outage log', () => {
  it('tells it down on every failure the breaker counts and back on every answer; an open breaker adds nothing; no breaker log lines', async () => {
    const { told, outage } = recorder();
    const logged: string[] = [];
    const logger = { warn: (_o: object, msg: string) => void logged.push(msg), info: (_o: object, msg: string) => void logged.push(msg) };
    const client = new ServiceClient('orders', base, { consecutiveFailures: 2, halfOpenAfterMs: 60_000, outage, logger });
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
