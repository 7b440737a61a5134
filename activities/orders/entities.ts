import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { EventType, FailureReason, OrderLine, OrderStatus, ServiceName } from '../../contracts';
import { defineOutboxEntity } from '../../lib/outbox-table';
import { defineProcessedEventEntity } from '../../lib/processed-events-table';

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

/** Table `outbox`: the orders service's domain events (`order.*`), as every service defines it (`lib/outbox-table.ts`). */
export const OutboxEvent = defineOutboxEntity();

/** A row of `outbox`. */
export type OutboxEvent = InferEntity<typeof OutboxEvent>;

/** Table `order_events`: each order's timeline, the events about it from every service in commit order (`order-timeline` group). */
export const OrderEvent = defineEntity({
  name: 'OrderEvent',
  tableName: 'order_events',
  properties: {
    eventId: p.string().primary(),
    orderId: p.string(),
    type: p.string().$type<EventType>(),
    source: p.string().$type<ServiceName>(),
    occurredAt: p.datetime(),
    data: p.json<unknown>(),
  },
});

/** A row of `order_events`. */
export type OrderEvent = InferEntity<typeof OrderEvent>;

/** Table `processed_events`: the events the `order-timeline` consumer group has handled (lib/event-consumer.ts). */
export const ProcessedEvent = defineProcessedEventEntity();

/** A row of `processed_events`. */
export type ProcessedEvent = InferEntity<typeof ProcessedEvent>;
