import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { OrderItemInput, ReservationState } from '../../contracts';
import { defineOutboxEntity } from '../../lib/outbox-table';

/**
 * Table `stock_items`: stock of one product. `available` can be reserved; `reserved` is held for orders in flight;
 * `sold` left with confirmed orders. available + reserved + sold only changes when stock is added (`restocks`).
 */
export const StockItem = defineEntity({
  name: 'StockItem',
  tableName: 'stock_items',
  properties: {
    productId: p.string().primary(),
    available: p.integer(),
    reserved: p.integer(),
    sold: p.integer().default(0),
    updatedAt: p.datetime(),
  },
});

/** A row of `stock_items`. */
export type StockItem = InferEntity<typeof StockItem>;

/**
 * Table `reservations`, one row per order: the lines it holds and where it is in
 * RESERVED -> RELEASED | COMMITTED -> RESTOCKED.
 */
export const Reservation = defineEntity({
  name: 'Reservation',
  tableName: 'reservations',
  properties: {
    orderId: p.string().primary(),
    lines: p.json<OrderItemInput[]>(),
    state: p.string().$type<ReservationState>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A row of `reservations`. */
export type Reservation = InferEntity<typeof Reservation>;

/**
 * Table `restocks`, one row per applied restock (`restockProduct`): `restockId` is its business key, written in the
 * transaction that adds `quantity` to the product's `available`, with the availability that left.
 */
export const Restock = defineEntity({
  name: 'Restock',
  tableName: 'restocks',
  properties: {
    restockId: p.string().primary(),
    productId: p.string(),
    quantity: p.integer(),
    availableAfter: p.integer(),
    createdAt: p.datetime(),
  },
});

/** A row of `restocks`. */
export type Restock = InferEntity<typeof Restock>;

/** Table `outbox`: the inventory service's domain events, as every service defines it (`lib/outbox-table.ts`). */
export const OutboxEvent = defineOutboxEntity();

/** A row of `outbox`. */
export type OutboxEvent = InferEntity<typeof OutboxEvent>;
