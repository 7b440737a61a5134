import { EntitySchema } from '@mikro-orm/core';
import type { OrderItemInput, ReservationState } from '../../contracts';

/** Stock of one product: `available` can be reserved; `reserved` is held for orders in flight; `sold` left with confirmed orders. */
export class StockItem {
  productId!: string;
  available!: number;
  reserved!: number;
  sold!: number;
  updatedAt: Date = new Date();
}

/** Table `stock_items`; available + reserved + sold only changes when stock is added. */
export const StockItemSchema = new EntitySchema<StockItem>({
  class: StockItem,
  tableName: 'stock_items',
  properties: {
    productId: { type: 'string', primary: true, fieldName: 'product_id' },
    available: { type: 'integer' },
    reserved: { type: 'integer' },
    sold: { type: 'integer', default: 0 },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});

/** An order's reservation: the lines it holds and where it is in RESERVED -> RELEASED | COMMITTED -> RESTOCKED. */
export class Reservation {
  orderId!: string;
  lines!: OrderItemInput[];
  state!: ReservationState;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** Table `reservations`: one row per order. */
export const ReservationSchema = new EntitySchema<Reservation>({
  class: Reservation,
  tableName: 'reservations',
  properties: {
    orderId: { type: 'string', primary: true, fieldName: 'order_id' },
    lines: { type: 'json' },
    state: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
