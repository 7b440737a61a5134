import type { OrderDto, OrderRecord } from '../../contracts';
import { getJson } from './service-client';

/** Reads of the orders service: the order records, which outlive workflow history. */
export class OrdersStore {
  constructor(private readonly ordersUrl: string) {}

  /** The stored record, or undefined. */
  get(orderId: string): Promise<OrderRecord | undefined> {
    return getJson<OrderRecord>('orders', `${this.ordersUrl}/orders/${encodeURIComponent(orderId)}`);
  }
}

/** The public shape of an order (no idempotency internals). */
export function toOrderDto(record: OrderRecord): OrderDto {
  const { idempotencyKey: _key, requestHash: _hash, ...order } = record;
  return order;
}
