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
    customerId: p.string().fieldName('customer_id'),
    idempotencyKey: p.string().fieldName('idempotency_key'),
    requestHash: p.string().fieldName('request_hash'),
    status: p.string().$type<OrderStatus>(),
    failureReason: p.string().$type<FailureReason>().nullable().fieldName('failure_reason'),
    trackingNumber: p.string().nullable().fieldName('tracking_number'),
    items: p.json<OrderLine[]>(),
    totalCents: p.integer().fieldName('total_cents'),
    currency: p.string(),
    createdAt: p.datetime().fieldName('created_at'),
    updatedAt: p.datetime().fieldName('updated_at'),
  },
});

/** A row of `orders`. */
export type Order = InferEntity<typeof Order>;
