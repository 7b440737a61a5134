// The payments activities against the real payments database and the provider sandbox (in process): each charge,
// refund and final charge failure is recorded once, with its `payment.*` event in the same transaction.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { ErrorTypes, PAYMENT_TEST_TOKENS, type ChargePaymentInput } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import { activityRequest } from '../../lib/activity-request';
import { eventId } from '../../lib/outbox';
import { createPaymentProviderApp } from '../../scripts/payment-provider/app';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { outboxRows, type OutboxRow } from '../../test/support/outbox-rows';
import { openServiceDatabase } from '../../test/support/service-database';
import { chargeKey, createPaymentsActivities, refundKey } from './activities';
import { paymentsDatabase } from './mikro-orm.config';
import { PaymentProviderClient } from './provider-client';

let orm: MikroORM;
let server: http.Server;
let provider: PaymentProviderClient;
let acts: ReturnType<typeof createPaymentsActivities>;
const run = runActivity;

beforeAll(async () => {
  orm = await openServiceDatabase('payments', paymentsDatabase);
  server = http.createServer(createPaymentProviderApp().callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new PaymentProviderClient({ baseUrl });
  acts = createPaymentsActivities({ orm, config: { paymentProviderUrl: baseUrl }, provider });
});
afterAll(async () => {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
  await orm.close(true);
});

const input = (over: Partial<ChargePaymentInput> = {}): ChargePaymentInput => ({
  orderId: randomUUID(),
  amountCents: 2400,
  currency: 'EUR',
  paymentToken: PAYMENT_TEST_TOKENS.ok,
  ...over,
});
const charge = (i: ChargePaymentInput) => run(acts.chargePayment, i);
const refund = (orderId: string) => run(acts.refundPayment, { orderId });

/** The outbox rows of an order, oldest first; each one in its schema, from the payments service, about the order. */
async function eventsOf(orderId: string): Promise<OutboxRow[]> {
  const rows = await outboxRows(orm, 'aggregate_id', orderId);
  for (const row of rows) {
    expect(eventSchemaProblems(row.event)).toEqual([]);
    expect(row).toMatchObject({ id: row.event.id, aggregate_id: orderId });
    expect(row.event.metadata).toMatchObject({ source: 'payments', correlationId: orderId, version: 1 });
  }
  return rows;
}

const chargeFailures = (orderId: string) =>
  orm.em.getConnection().execute('select reason, code from charge_failures where order_id = ?', [orderId]);

describe('payment.received', () => {
  it('is written once with the charge; a retried charge writes none', async () => {
    const i = input();
    const first = await activityRequest.run({ requestId: 'req-pay-1' }, () => charge(i));
    const again = await charge(i);
    expect(again.id).toBe(first.id);
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['payment.received']);
    expect(rows[0]!.event.id).toBe(eventId('payment.received', chargeKey(i.orderId)));
    expect(rows[0]!.event.data).toEqual({
      orderId: i.orderId,
      chargeId: first.id,
      providerChargeId: first.providerChargeId,
      amountCents: 2400,
      currency: 'EUR',
    });
    expect(rows[0]!.event.metadata.requestId).toBe('req-pay-1');
  });

  it('is not written while the provider is unavailable, and once when the charge goes through', async () => {
    const i = input({ paymentToken: PAYMENT_TEST_TOKENS.flaky });
    await expect(charge(i)).rejects.toThrow(/unavailable/);
    expect(await eventsOf(i.orderId)).toEqual([]);
    expect(await chargeFailures(i.orderId)).toEqual([]);
    await expect(charge(i)).rejects.toThrow(/unavailable/);
    await charge(i);
    expect((await eventsOf(i.orderId)).map((r) => r.type)).toEqual(['payment.received']);
  });
});

describe('payment.failed', () => {
  it('is written once with the recorded decline; a retry that is declined again writes none', async () => {
    const i = input({ paymentToken: PAYMENT_TEST_TOKENS.decline });
    const err = await activityFailure(charge(i));
    expect([err.type, err.nonRetryable]).toEqual([ErrorTypes.PAYMENT_DECLINED, true]);
    expect((await activityFailure(charge(i))).type).toBe(ErrorTypes.PAYMENT_DECLINED);
    expect(await chargeFailures(i.orderId)).toEqual([{ reason: 'PAYMENT_DECLINED', code: 'card_declined' }]);
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['payment.failed']);
    expect(rows[0]!.event.id).toBe(eventId('payment.failed', chargeKey(i.orderId)));
    expect(rows[0]!.event.data).toEqual({
      orderId: i.orderId,
      amountCents: 2400,
      currency: 'EUR',
      reason: 'PAYMENT_DECLINED',
      code: 'card_declined',
    });
  });

  it('is written when the provider rejects the request (PAYMENT_PROVIDER_REJECTED)', async () => {
    const i = input({ amountCents: 0 });
    const err = await activityFailure(charge(i));
    expect([err.type, err.nonRetryable]).toEqual([ErrorTypes.PAYMENT_PROVIDER_REJECTED, true]);
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['payment.failed']);
    expect(rows[0]!.event.data).toMatchObject({
      orderId: i.orderId,
      amountCents: 0,
      reason: 'PAYMENT_PROVIDER_REJECTED',
    });
  });
});

describe('payment.refunded', () => {
  it('is written once with the refund; a retried refund writes none', async () => {
    const i = input();
    const charged = await charge(i);
    const first = await refund(i.orderId);
    expect(await refund(i.orderId)).toEqual(first);
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['payment.received', 'payment.refunded']);
    expect(rows[1]!.event.id).toBe(eventId('payment.refunded', refundKey(i.orderId)));
    expect(rows[1]!.event.data).toEqual({
      orderId: i.orderId,
      refundId: first!.id,
      chargeId: charged.id,
      providerRefundId: first!.providerRefundId,
      amountCents: 2400,
      currency: 'EUR',
    });
  });

  it('writes nothing for an order that was never charged, or whose charge was declined', async () => {
    const never = randomUUID();
    expect(await refund(never)).toBeNull();
    expect(await eventsOf(never)).toEqual([]);
    const declined = input({ paymentToken: PAYMENT_TEST_TOKENS.decline });
    await activityFailure(charge(declined));
    expect(await refund(declined.orderId)).toBeNull();
    expect((await eventsOf(declined.orderId)).map((r) => r.type)).toEqual(['payment.failed']);
  });

  it('records a charge whose answer was lost (payment.received) before its refund (payment.refunded)', async () => {
    const i = input();
    const lost = await provider.charge(chargeKey(i.orderId), {
      amountCents: 2400,
      currency: 'EUR',
      token: PAYMENT_TEST_TOKENS.ok,
    });
    const refunded = await refund(i.orderId);
    expect(refunded).toMatchObject({ orderId: i.orderId, amountCents: 2400 });
    const rows = await eventsOf(i.orderId);
    expect(rows.map((r) => r.type)).toEqual(['payment.received', 'payment.refunded']);
    expect(rows[0]!.event.data).toMatchObject({ providerChargeId: lost.id });
  });
});
