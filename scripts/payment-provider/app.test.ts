import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaymentProviderApp } from './app';

let server: http.Server;
let base: string;

/** Starts a fresh sandbox on a free port. */
async function start(): Promise<void> {
  server = http.createServer(createPaymentProviderApp().callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes the sandbox, ending any held connection. */
function stop(): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  server.closeAllConnections();
  return closed;
}

async function post(path: string, body: unknown, key?: string, signal?: AbortSignal) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
    signal,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: unknown[] } };
};

const charge = (token: string, key: string | undefined, amountCents = 1500) =>
  post('/v1/charges', { amountCents, currency: 'EUR', token }, key);

describe('payment provider sandbox', () => {
  beforeEach(start);
  afterEach(stop);

  it('answers /health', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('approves tok_ok with a ch_ id', async () => {
    const res = await charge('tok_ok', 'k1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'succeeded', amountCents: 1500, currency: 'EUR' });
    expect(res.body.id).toMatch(/^ch_/);
    expect(await get(`/v1/charges/${res.body.id as string}`)).toEqual({ status: 200, body: res.body });
  });

  it('requires an Idempotency-Key and a valid body', async () => {
    expect((await charge('tok_ok', undefined)).status).toBe(400);
    expect((await charge('tok_ok', 'k-bad', 0)).status).toBe(400);
    expect((await post('/v1/refunds', { chargeId: 'ch_x', amountCents: 1 })).status).toBe(400);
    expect((await get('/v1/charges')).body.items).toHaveLength(0);
  });

  it('charges once per key and returns the same charge again', async () => {
    const first = await charge('tok_ok', 'order-1:charge');
    const second = await charge('tok_ok', 'order-1:charge');
    expect(second).toEqual(first);
    const list = await get('/v1/charges');
    expect(list.body.items).toEqual([first.body]);
  });

  it('answers 422 when a key is reused with a different body', async () => {
    expect((await charge('tok_ok', 'k2', 1500)).status).toBe(201);
    const res = await charge('tok_ok', 'k2', 2000);
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('idempotency_key_reused');
    expect((await get('/v1/charges')).body.items).toHaveLength(1);
  });

  it('declines tok_decline with 402 card_declined, remembered per key', async () => {
    const first = await charge('tok_decline', 'k3');
    expect(first.status).toBe(402);
    expect(first.body.error?.code).toBe('card_declined');
    expect(await charge('tok_decline', 'k3')).toEqual(first);
    expect((await get('/v1/charges')).body.items).toHaveLength(0);
  });

  it('rejects unknown tokens with 402 invalid_token', async () => {
    const res = await charge('tok_whatever', 'k4');
    expect(res.status).toBe(402);
    expect(res.body.error?.code).toBe('invalid_token');
  });

  it('fails tok_flaky twice with 503, then approves it, once', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await charge('tok_flaky', 'k5')).status);
    expect(statuses).toEqual([503, 503, 201]);
    expect((await charge('tok_flaky', 'k5')).status).toBe(201);
    expect((await charge('tok_flaky', 'k6')).status).toBe(503); // counted per key
    expect((await get('/v1/charges')).body.items).toHaveLength(1);
  });

  it('never answers tok_unavailable, and the client can give up', async () => {
    const started = Date.now();
    await expect(
      post(
        '/v1/charges',
        { amountCents: 100, currency: 'EUR', token: 'tok_unavailable' },
        'k7',
        AbortSignal.timeout(500),
      ),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect((await get('/health')).status).toBe(200);
  });

  it('still closes while a tok_unavailable request is held open', async () => {
    const held = post('/v1/charges', { amountCents: 100, currency: 'EUR', token: 'tok_unavailable' }, 'k8');
    const outcome = held.then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();
    expect(await outcome).toBe('dropped');
    await start(); // afterEach closes a server
  });

  it('refunds a charge once per key; unknown charges get 404', async () => {
    const ch = await charge('tok_ok', 'k9');
    const chargeId = ch.body.id as string;
    expect((await post('/v1/refunds', { chargeId: 'ch_nope', amountCents: 1500 }, 'r0')).status).toBe(404);
    const first = await post('/v1/refunds', { chargeId, amountCents: 1500 }, 'order-9:refund');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ chargeId, amountCents: 1500 });
    expect(first.body.id).toMatch(/^re_/);
    expect(await post('/v1/refunds', { chargeId, amountCents: 1500 }, 'order-9:refund')).toEqual(first);
    expect((await post('/v1/refunds', { chargeId, amountCents: 10 }, 'order-9:refund')).status).toBe(422);
  });

  it('delays charge and refund answers by the latency set with PUT /sandbox/latency, until it is set back to 0', async () => {
    const put = async (body: unknown) => {
      const res = await fetch(`${base}/sandbox/latency`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const timed = async <T>(work: () => Promise<T>) => {
      const started = Date.now();
      const result = await work();
      return { result, ms: Date.now() - started };
    };
    expect(await put({ ms: -1 })).toMatchObject({ status: 400 });
    expect(await put({ ms: 400 })).toEqual({ status: 200, body: { ms: 400 } });
    expect(await get('/sandbox/latency')).toEqual({ status: 200, body: { ms: 400 } });
    const slowCharge = await timed(() => charge('tok_ok', 'slow-1'));
    expect(slowCharge.result.status).toBe(201);
    expect(slowCharge.ms).toBeGreaterThanOrEqual(380);
    const slowRefund = await timed(() =>
      post('/v1/refunds', { chargeId: slowCharge.result.body.id, amountCents: 1500 }, 'slow-1:refund'),
    );
    expect(slowRefund.result.status).toBe(201);
    expect(slowRefund.ms).toBeGreaterThanOrEqual(380);
    expect((await timed(() => get('/health'))).ms).toBeLessThan(300); // only charges and refunds are slowed
    expect(await put({ ms: 0 })).toEqual({ status: 200, body: { ms: 0 } });
    expect((await timed(() => charge('tok_ok', 'fast-1'))).ms).toBeLessThan(300);
  });

  it('answers 404 for an unknown charge id', async () => {
    const res = await get('/v1/charges/ch_missing');
    expect(res.status).toBe(404);
  });
});
