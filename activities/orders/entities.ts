import { EntitySchema } from '@mikro-orm/core';

/** One line of an order, priced by the products service. */
export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

/** The order record the gateway reads; kept current by the saga's activities, so reads outlive workflow history. */
export class Order {
  id!: string;
  customerId!: string;
  idempotencyKey!: string;
  requestHash!: string;
  status!: string;
  failureReason?: string | null;
  trackingNumber?: string | null;
  items!: OrderLine[];
  totalCents!: number;
  currency!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** Table `orders`: one row per (customer, Idempotency-Key). */
export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  properties: {
    id: { type: 'string', primary: true },
    customerId: { type: 'string', fieldName: 'customer_id' },
    idempotencyKey: { type: 'string', fieldName: 'idempotency_key' },
    requestHash: { type: 'string', fieldName: 'request_hash' },
    status: { type: 'string' },
    failureReason: { type: 'string', nullable: true, fieldName: 'failure_reason' },
    trackingNumber: { type: 'string', nullable: true, fieldName: 'tracking_number' },
    items: { type: 'json' },
    totalCents: { type: 'integer', fieldName: 'total_cents' },
    currency: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
