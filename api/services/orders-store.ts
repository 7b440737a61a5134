import {
  SERVICE_READ_PATHS,
  itemPath,
  ORDER_EVENTS_SUFFIX,
  type OrderDto,
  type OrderRecord,
  type OrderTimelineEntry,
} from '../../contracts';
import type { ServiceClient } from './service-client';

/** One page of a customer's orders, newest first; `nextCursor` (the orders service's keyset cursor) when more follow. */
export interface OrdersPage {
  items: OrderRecord[];
  nextCursor?: string;
}

/** Shape of the orders service's page cursor: `<ISO createdAt>_<orderId>`. */
const SERVICE_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[a-f0-9]{32}$/;

/** Reads of the orders service (through its breaker): the order records, which outlive workflow history. */
export class OrdersStore {
  constructor(private readonly orders: Pick<ServiceClient, 'getJson'>) {}

  /** The stored record, or undefined. */
  get(orderId: string): Promise<OrderRecord | undefined> {
    return this.orders.getJson<OrderRecord>(itemPath(SERVICE_READ_PATHS.orders, orderId));
  }

  /** The order's event timeline, oldest first, or undefined when the service knows no such order. */
  async timeline(orderId: string): Promise<OrderTimelineEntry[] | undefined> {
    return (
      await this.orders.getJson<{ items: OrderTimelineEntry[] }>(
        itemPath(SERVICE_READ_PATHS.orders, orderId) + ORDER_EVENTS_SUFFIX,
      )
    )?.items;
  }

  /** A page of `customerId`'s orders, or undefined when `before` is not a cursor the service gave out. */
  async list(customerId: string, limit: number, before?: string): Promise<OrdersPage | undefined> {
    if (before !== undefined && !SERVICE_CURSOR.test(before)) return undefined;
    const query = new URLSearchParams({ customerId, limit: String(limit), ...(before ? { before } : {}) });
    return (await this.orders.getJson<OrdersPage>(`${SERVICE_READ_PATHS.orders}?${query}`)) ?? { items: [] };
  }
}

/** The public shape of an order (no idempotency internals). */
export function toOrderDto(record: OrderRecord): OrderDto {
  const { idempotencyKey: _key, requestHash: _hash, ...order } = record;
  return order;
}
