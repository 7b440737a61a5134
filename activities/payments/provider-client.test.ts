import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitState } from 'cockatiel';
import { createPaymentProviderApp } from '../../scripts/payment-provider/app';
import { PaymentProviderClient, PaymentProviderError } from './provider-client';

let server: http.Server;
let base: string;

beforeEach(async () => {
  server = http.createServer(createPaymentProviderApp().callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
});

const card = (token: string) => ({ amountCents: 1200, currency: 'EUR', token });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as PaymentProviderError,
  );
const chargesAtProvider = async () =>
  ((await (await fetch(`${base}/v1/charges`)).json()) as { items: unknown[] }).items.length;

describe('PaymentProviderClient', () => {
  it('charges, and returns the same provider charge for the same key', async () => {
    const client = new PaymentProviderClient({ baseUrl: base });
    const first = await client.charge('o1:charge', card('tok_ok'));
    expect(first).toMatchObject({ status: 'succeeded', amountCents: 1200, currency: 'EUR' });
    expect(await client.charge('o1:charge', card('tok_ok'))).toEqual(first);
    const refund = await client.refund('o1:refund', { chargeId: first.id, amountCents: 1200 });
    expect(refund).toMatchObject({ chargeId: first.id, amountCents: 1200 });
    expect(await chargesAtProvider()).toBe(1);
  });

  it('does not count declines as breaker failures', async () => {
    const client = new PaymentProviderClient({ baseUrl: base, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++) {
      const err = await failure(client.charge(`d${i}:charge`, card('tok_decline')));
      expect(err).toBeInstanceOf(PaymentProviderError);
      expect(err).toMatchObject({
        transient: false,
        status: 402,
        code: 'card_declined',
        message: 'The card was declined.',
      });
    }
    expect(client.breaker.state).toBe(CircuitState.Closed);
    expect((await client.charge('d9:charge', card('tok_ok'))).id).toMatch(/^ch_/);
  });

  it('opens after consecutive 5xx and then fails fast without calling the provider', async () => {
    const client = new PaymentProviderClient({ baseUrl: base });
    for (let i = 0; i < 5; i++) {
      // a fresh key each time: tok_flaky answers 503 on the first attempts of a key
      const err = await failure(client.charge(`f${i}:charge`, card('tok_flaky')));
      expect(err).toMatchObject({ transient: true, status: 503, message: 'payment provider unavailable: HTTP 503' });
    }
    expect(client.breaker.state).toBe(CircuitState.Open);
    const started = Date.now();
    const err = await failure(client.charge('ok:charge', card('tok_ok')));
    expect(Date.now() - started).toBeLessThan(50);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ transient: true, message: 'payment provider circuit open' });
    expect(await chargesAtProvider()).toBe(0);
  });

  it('opens after timeouts, fails fast, and closes again after a successful half-open trial', async () => {
    const client = new PaymentProviderClient({
      baseUrl: base,
      timeoutMs: 150,
      breakerThreshold: 2,
      halfOpenAfterMs: 300,
    });
    for (let i = 0; i < 2; i++) {
      const err = await failure(client.charge(`u${i}:charge`, card('tok_unavailable')));
      expect(err).toMatchObject({ transient: true, message: 'payment provider unavailable: no answer within 150 ms' });
    }
    const started = Date.now();
    expect((await failure(client.charge('u9:charge', card('tok_ok')))).message).toBe('payment provider circuit open');
    expect(Date.now() - started).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await client.charge('u9:charge', card('tok_ok'))).id).toMatch(/^ch_/);
    expect(client.breaker.state).toBe(CircuitState.Closed);
  });

  it('treats a refused connection as transient', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new PaymentProviderClient({ baseUrl: `http://127.0.0.1:${port}` });
    const err = await failure(client.charge('n1:charge', card('tok_ok')));
    expect(err).toMatchObject({ transient: true });
    expect(err.message).toMatch(/^payment provider unavailable: .*ECONNREFUSED/);
  });
});
