import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ChargeDto } from '../../contracts';
import { defineOutboxEntity } from '../../lib/outbox-table';

/**
 * Table `charges`: a charge taken at the provider; the unique `businessKey` (`<orderId>:charge`) makes charging
 * idempotent.
 */
export const Charge = defineEntity({
  name: 'Charge',
  tableName: 'charges',
  properties: {
    id: p.uuid().primary(),
    orderId: p.string(),
    businessKey: p.string().unique(),
    providerChargeId: p.string(),
    amountCents: p.integer(),
    currency: p.string(),
    status: p.string().$type<ChargeDto['status']>(),
    createdAt: p.datetime(),
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
    orderId: p.string(),
    businessKey: p.string().unique(),
    chargeId: p.uuid(),
    providerRefundId: p.string(),
    amountCents: p.integer(),
    createdAt: p.datetime(),
  },
});

/** A row of `refunds`. */
export type Refund = InferEntity<typeof Refund>;

/** Table `outbox`: the payments service's domain events, as every service defines it (`lib/outbox-table.ts`). */
export const OutboxEvent = defineOutboxEntity();

/** A row of `outbox`. */
export type OutboxEvent = InferEntity<typeof OutboxEvent>;
