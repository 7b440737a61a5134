import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  type ChargeDto,
  type ChargePaymentInput,
  type PaymentsActivities,
  type RefundDto,
} from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import { Charge, Refund } from './entities';
import { PaymentProviderClient, PaymentProviderError, type ProviderCharge } from './provider-client';

/**
 * Dependencies of the payments activities and read API; `provider` defaults to a client of
 * `config.paymentProviderUrl`.
 */
export interface PaymentsDeps {
  orm: MikroORM;
  config: Pick<PlatformConfig, 'paymentProviderUrl'>;
  provider?: PaymentProviderClient;
}

/** Maps a row to the public DTO. */
export const toChargeDto = (c: Charge): ChargeDto => ({
  id: c.id,
  orderId: c.orderId,
  providerChargeId: c.providerChargeId,
  amountCents: c.amountCents,
  currency: c.currency,
  status: c.status,
  createdAt: c.createdAt.toISOString(),
});

/** Maps a row to the public DTO. */
export const toRefundDto = (r: Refund): RefundDto => ({
  id: r.id,
  orderId: r.orderId,
  chargeId: r.chargeId,
  providerRefundId: r.providerRefundId,
  amountCents: r.amountCents,
  createdAt: r.createdAt.toISOString(),
});

/** Business key of an order's charge. */
export const chargeKey = (orderId: string) => `${orderId}:charge`;
/** Business key of an order's refund. */
export const refundKey = (orderId: string) => `${orderId}:refund`;

/**
 * Turns a provider failure into a Temporal outcome: declines are non-retryable PAYMENT_DECLINED, transient ones stay
 * retryable.
 */
function providerFailure(err: unknown): never {
  if (!(err instanceof PaymentProviderError) || err.transient) throw err;
  const { status, code } = err;
  if (status === 402) throw ApplicationFailure.nonRetryable(err.message, ErrorTypes.PAYMENT_DECLINED, { code });
  const message = `payment provider rejected the request: ${err.message}`;
  throw ApplicationFailure.nonRetryable(message, ErrorTypes.PAYMENT_PROVIDER_REJECTED, { status, code });
}

/** Builds the payments activities; each call forks its own EntityManager. */
export function createPaymentsActivities({ orm, config, provider }: PaymentsDeps): PaymentsActivities {
  const client = provider ?? new PaymentProviderClient({ baseUrl: config.paymentProviderUrl });
  const chargeByKey = (businessKey: string) => orm.em.fork().findOne(Charge, { businessKey });
  const refundByKey = (businessKey: string) => orm.em.fork().findOne(Refund, { businessKey });

  /** Records a provider charge under its business key (once) and returns the row. */
  async function recordCharge(orderId: string, charge: ProviderCharge): Promise<Charge> {
    const businessKey = chargeKey(orderId);
    await orm.em.getConnection().execute(
      `insert into charges (id, order_id, business_key, provider_charge_id, amount_cents, currency, status)
       values (?, ?, ?, ?, ?, ?, 'SUCCEEDED') on conflict (business_key) do nothing`,
      [randomUUID(), orderId, businessKey, charge.id, charge.amountCents, charge.currency],
    );
    return orm.em.fork().findOneOrFail(Charge, { businessKey });
  }

  return {
    async chargePayment(input: ChargePaymentInput): Promise<ChargeDto> {
      const businessKey = chargeKey(input.orderId);
      const attempt = Context.current().info.attempt;
      const existing = await chargeByKey(businessKey);
      if (existing) return { ...toChargeDto(existing), attempt };
      // The provider is idempotent under the same key, so a retry after it took the money returns that charge.
      const charge = await client
        .charge(businessKey, { amountCents: input.amountCents, currency: input.currency, token: input.paymentToken })
        .catch(providerFailure);
      return { ...toChargeDto(await recordCharge(input.orderId, charge)), attempt };
    },

    async refundPayment({ orderId }: { orderId: string }): Promise<RefundDto | null> {
      // No local row, yet the provider may have taken the money before a crash lost its answer: ask it.
      let charge = await chargeByKey(chargeKey(orderId));
      if (!charge) {
        const lost = await client.findCharge(chargeKey(orderId)).catch(providerFailure);
        if (!lost) return null;
        charge = await recordCharge(orderId, lost);
      }
      const businessKey = refundKey(orderId);
      const existing = await refundByKey(businessKey);
      if (existing) return toRefundDto(existing);
      const refund = await client
        .refund(businessKey, { chargeId: charge.providerChargeId, amountCents: charge.amountCents })
        .catch(providerFailure);
      await orm.em.getConnection().execute(
        `insert into refunds (id, order_id, business_key, charge_id, provider_refund_id, amount_cents)
         values (?, ?, ?, ?, ?, ?) on conflict (business_key) do nothing`,
        [randomUUID(), orderId, businessKey, charge.id, refund.id, charge.amountCents],
      );
      return toRefundDto(await orm.em.fork().findOneOrFail(Refund, { businessKey }));
    },
  };
}
