import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ChargeDto } from '../../contracts';

/**
 * Table `charges`: a charge taken at the provider; the unique `businessKey` (`<orderId>:charge`) makes charging
 * idempotent.
 */
export const Charge = defineEntity({
  name: 'Charge',
  tableName: 'charges',
  properties: {
    id: p.uuid().primary(),
    orderId: p.string().fieldName('order_id'),
    businessKey: p.string().unique().fieldName('business_key'),
    providerChargeId: p.string().fieldName('provider_charge_id'),
    amountCents: p.integer().fieldName('amount_cents'),
    currency: p.string(),
    status: p.string().$type<ChargeDto['status']>(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

/** A row of `charges`. */
export type Charge = InferEntity<typeof Charge>;

/**
 * Table `refunds`: a refund of a charge (`chargeId` references `charges`); the unique `businessKey`
 * (`<orderId>:refund`) makes refunding idempotent.
 */
export const Refund = defineEntity({
  name: 'Refund',
  tableName: 'refunds',
  properties: {
    id: p.uuid().primary(),
    orderId: p.string().fieldName('order_id'),
    businessKey: p.string().unique().fieldName('business_key'),
    chargeId: p.uuid().fieldName('charge_id'),
    providerRefundId: p.string().fieldName('provider_refund_id'),
    amountCents: p.integer().fieldName('amount_cents'),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

/** A row of `refunds`. */
export type Refund = InferEntity<typeof Refund>;
