import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { FailureReason, OrderLine, OrderStatus } from '../../contracts';

/**
 * Table `orders`: the order record the gateway reads, one row per (customer, Idempotency-Key); kept current by the
 * saga's activities, so reads outlive workflow history.
 */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: {
    id: p.string().primary(),
    customerId: p.string(),
    idempotencyKey: p.string(),
    requestHash: p.string(),
    status: p.string().$type<OrderStatus>(),
    failureReason: p.string().$type<FailureReason>().nullable(),
    trackingNumber: p.string().nullable(),
    items: p.json<OrderLine[]>(),
    totalCents: p.integer(),
    currency: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A row of `orders`. */
export type Order = InferEntity<typeof Order>;
