import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { DomainEvent, FailureReason, OrderLine, OrderStatus } from '../../contracts';

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

/**
 * Table `outbox`: the orders service's domain events, each written in the transaction of the change it describes
 * (`lib/outbox.ts`); `published_at` stays null until a relay has published it.
 */
export const OutboxEvent = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox',
  properties: {
    id: p.string().primary(),
    type: p.string(),
    aggregateId: p.string(),
    event: p.json<DomainEvent>(),
    createdAt: p.datetime(),
    publishedAt: p.datetime().nullable(),
  },
});

/** A row of `outbox`. */
export type OutboxEvent = InferEntity<typeof OutboxEvent>;
