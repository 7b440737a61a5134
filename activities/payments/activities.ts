import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  EVENT_TYPES,
  type ChargeDto,
  type ChargePaymentInput,
  type DomainEvent,
  type PaymentFailedData,
  type PaymentFailureReason,
  type PaymentReceivedData,
  type PaymentRefundedData,
  type PaymentsActivities,
  type RefundDto,
} from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import { domainEvent, writeOutboxEvent } from '../../lib/outbox';
import { inTransaction } from '../../lib/sql-transaction';
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

/** Whether `err` is a provider answer no retry changes (a 4xx: a decline or a refused request). */
const isFinal = (err: unknown): err is PaymentProviderError => err instanceof PaymentProviderError && !err.transient;

/** The failure type of a final provider answer: PAYMENT_DECLINED for a decline (402), else PAYMENT_PROVIDER_REJECTED. */
const finalReason = (err: PaymentProviderError): PaymentFailureReason =>
  err.status === 402 ? ErrorTypes.PAYMENT_DECLINED : ErrorTypes.PAYMENT_PROVIDER_REJECTED;

/** The non-retryable failure a final provider answer ends in (its type is `finalReason`). */
function finalFailure(err: PaymentProviderError): ApplicationFailure {
  const { status, code } = err;
  if (finalReason(err) === ErrorTypes.PAYMENT_DECLINED) {
    return ApplicationFailure.nonRetryable(err.message, ErrorTypes.PAYMENT_DECLINED, { code });
  }
  const message = `payment provider rejected the request: ${err.message}`;
  return ApplicationFailure.nonRetryable(message, ErrorTypes.PAYMENT_PROVIDER_REJECTED, { status, code });
}

/**
 * Turns a provider failure into a Temporal outcome: declines are non-retryable PAYMENT_DECLINED, transient ones stay
 * retryable.
 */
function providerFailure(err: unknown): never {
  throw isFinal(err) ? finalFailure(err) : err;
}

/** The columns an insert of a charge, refund or charge failure returns (`created_at` in ms since the epoch). */
interface InsertedRow {
  id: string;
  created_ms: number;
}

/** The `returning` clause of an insert: the new row's `key` column as `id`, and when it was written. */
const returningInserted = (key: 'id' | 'business_key') =>
  `returning ${key} as id, (extract(epoch from created_at) * 1000)::float8 as created_ms`;

/** Where a payments event comes from: its business key, the order it belongs to, and when its row was written. */
const paymentOrigin = (businessKey: string, orderId: string, row: InsertedRow) => ({
  source: 'payments' as const,
  businessKey,
  correlationId: orderId,
  timestamp: new Date(row.created_ms),
});

/** Builds the payments activities; each call forks its own EntityManager. */
export function createPaymentsActivities({ orm, config, provider }: PaymentsDeps): PaymentsActivities {
  const client = provider ?? new PaymentProviderClient({ baseUrl: config.paymentProviderUrl });
  const chargeByKey = (businessKey: string) => orm.em.fork().findOne(Charge, { businessKey });
  const refundByKey = (businessKey: string) => orm.em.fork().findOne(Refund, { businessKey });

  /** Inserts one row in its own transaction; when it was new (not a retry), writes the event built from it too. */
  const insertWithEvent = (sql: string, params: unknown[], event: (row: InsertedRow) => DomainEvent, orderId: string) =>
    orm.em.fork().transactional(async (em) => {
      const execute = inTransaction(em);
      const [row] = (await execute(sql, params)) as InsertedRow[];
      if (row) await writeOutboxEvent(execute, event(row), orderId);
    });

  /** Records a provider charge under its business key (once, with its `payment.received`) and returns the row. */
  async function recordCharge(orderId: string, charge: ProviderCharge): Promise<Charge> {
    const businessKey = chargeKey(orderId);
    await insertWithEvent(
      `insert into charges (id, order_id, business_key, provider_charge_id, amount_cents, currency, status)
       values (?, ?, ?, ?, ?, ?, 'SUCCEEDED') on conflict (business_key) do nothing
       ${returningInserted('id')}`,
      [randomUUID(), orderId, businessKey, charge.id, charge.amountCents, charge.currency],
      (row) =>
        domainEvent<PaymentReceivedData>(
          EVENT_TYPES.paymentReceived,
          {
            orderId,
            chargeId: row.id,
            providerChargeId: charge.id,
            amountCents: charge.amountCents,
            currency: charge.currency,
          },
          paymentOrigin(businessKey, orderId, row),
        ),
      orderId,
    );
    return orm.em.fork().findOneOrFail(Charge, { businessKey });
  }

  /** Records that the provider declined or rejected the order's charge (once, with its `payment.failed`). */
  async function recordChargeFailure(input: ChargePaymentInput, reason: PaymentFailureReason, code?: string) {
    const { orderId, amountCents, currency } = input;
    const businessKey = chargeKey(orderId);
    const storedCode = code ? code.slice(0, 100) : undefined;
    await insertWithEvent(
      `insert into charge_failures (business_key, order_id, amount_cents, currency, reason, code)
       values (?, ?, ?, ?, ?, ?) on conflict (business_key) do nothing
       ${returningInserted('business_key')}`,
      [businessKey, orderId, amountCents, currency, reason, storedCode ?? null],
      (row) =>
        domainEvent<PaymentFailedData>(
          EVENT_TYPES.paymentFailed,
          { orderId, amountCents, currency, reason, ...(storedCode ? { code: storedCode } : {}) },
          paymentOrigin(businessKey, orderId, row),
        ),
      orderId,
    );
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
        .catch(async (err: unknown) => {
          if (!isFinal(err)) throw err;
          // A final answer: recorded with its `payment.failed` before the activity fails for good.
          await recordChargeFailure(input, finalReason(err), err.code);
          throw finalFailure(err);
        });
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
      const { id: chargeId, amountCents, currency } = charge;
      await insertWithEvent(
        `insert into refunds (id, order_id, business_key, charge_id, provider_refund_id, amount_cents)
         values (?, ?, ?, ?, ?, ?) on conflict (business_key) do nothing
         ${returningInserted('id')}`,
        [randomUUID(), orderId, businessKey, chargeId, refund.id, amountCents],
        (row) =>
          domainEvent<PaymentRefundedData>(
            EVENT_TYPES.paymentRefunded,
            { orderId, refundId: row.id, chargeId, providerRefundId: refund.id, amountCents, currency },
            paymentOrigin(businessKey, orderId, row),
          ),
        orderId,
      );
      return toRefundDto(await orm.em.fork().findOneOrFail(Refund, { businessKey }));
    },
  };
}
