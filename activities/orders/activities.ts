import { ApplicationFailure } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  EVENT_TYPES,
  FINAL_STATUSES,
  ORDER_STATUSES,
  type CreateOrderInput,
  type EventType,
  type FailureReason,
  type OrderCreatedData,
  type OrderStatusChangedData,
  type OrderRecord,
  type OrderStatus,
  type OrdersActivities,
  type SetOrderStatusInput,
} from '../../contracts';
import { domainEvent, writeOutboxEvent } from '../../lib/outbox';
import { inTransaction } from '../../lib/sql-transaction';
import { Order } from './entities';

/** Dependencies of the orders activities and read API. */
export interface OrdersDeps {
  orm: MikroORM;
}

/** Maps a row to the record the contract describes (dates as ISO strings; null reason and tracking number left out). */
export const toOrderRecord = (o: Order): OrderRecord => ({
  orderId: o.id,
  customerId: o.customerId,
  status: o.status,
  ...(o.failureReason ? { failureReason: o.failureReason } : {}),
  items: o.items,
  totalCents: o.totalCents,
  currency: o.currency,
  ...(o.trackingNumber ? { trackingNumber: o.trackingNumber } : {}),
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
  idempotencyKey: o.idempotencyKey,
  requestHash: o.requestHash,
});

/**
 * Progress rank of a status: an order only moves up and never out of a final status; PENDING and AWAITING_APPROVAL
 * share a rank (an approved order is PENDING again until charged).
 */
const rank = (s: OrderStatus) => (FINAL_STATUSES.includes(s) ? 3 : s === 'CONFIRMED' ? 2 : 0);

/** Statuses from which an order may be set to `target` (itself included, so a retried change is a no-op). */
export const allowedFrom = (target: OrderStatus): OrderStatus[] =>
  ORDER_STATUSES.filter((s) => s === target || (!FINAL_STATUSES.includes(s) && rank(s) <= rank(target)));

/** The event each status an order can reach publishes (`PENDING` is `order.created`, written with the record). */
const STATUS_EVENTS: Partial<Record<OrderStatus, EventType>> = {
  CONFIRMED: EVENT_TYPES.orderConfirmed,
  SHIPPED: EVENT_TYPES.orderShipped,
  CANCELLED: EVENT_TYPES.orderCancelled,
  FAILED: EVENT_TYPES.orderFailed,
};

/** The columns of `orders` a status change returns. */
interface StatusRow {
  customer_id: string;
  status: OrderStatus;
  total_cents: number;
  failure_reason: FailureReason | null;
  tracking_number: string | null;
  /** `updated_at` in ms since the epoch (the driver gives timestamps as text). */
  updated_ms: number;
}

/** The `order.<status>` event of a status change, from the row as the change left it. */
const statusEvent = (type: EventType, orderId: string, row: StatusRow) =>
  domainEvent<OrderStatusChangedData>(
    type,
    {
      orderId,
      customerId: row.customer_id,
      status: row.status as OrderStatusChangedData['status'],
      totalCents: row.total_cents,
      ...(row.failure_reason ? { failureReason: row.failure_reason } : {}),
      ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
    },
    { source: 'orders', businessKey: orderId, correlationId: orderId, timestamp: new Date(row.updated_ms) },
  );

/** Builds the orders activities; each call forks its own EntityManager. */
export function createOrdersActivities({ orm }: OrdersDeps): OrdersActivities {
  const byId = (id: string) => orm.em.fork().findOne(Order, { id });

  return {
    async createOrder(input: CreateOrderInput): Promise<OrderRecord> {
      // One statement: the order id (primary key) is the business key. Timestamps in ms so an ISO `before` cursor
      // round-trips exactly.
      await orm.em.fork().transactional(async (em) => {
        const execute = inTransaction(em);
        const inserted = (await execute(
          `insert into orders
             (id, customer_id, idempotency_key, request_hash, status, items, total_cents, currency,
              created_at, updated_at)
           values (?, ?, ?, ?, 'PENDING', ?::jsonb, ?, ?,
                   date_trunc('milliseconds', now()), date_trunc('milliseconds', now()))
           on conflict do nothing
           returning (extract(epoch from created_at) * 1000)::float8 as created_ms`,
          [
            input.orderId,
            input.customerId,
            input.idempotencyKey,
            input.requestHash,
            JSON.stringify(input.items),
            input.totalCents,
            input.currency,
          ],
        )) as { created_ms: number }[];
        if (inserted.length === 0) return; // recorded before (a retry), or the key is another order's: no event
        const { orderId, customerId, items, totalCents, currency } = input;
        const event = domainEvent<OrderCreatedData>(
          EVENT_TYPES.orderCreated,
          { orderId, customerId, items, totalCents, currency },
          {
            source: 'orders',
            businessKey: orderId,
            correlationId: orderId,
            timestamp: new Date(inserted[0]!.created_ms),
          },
        );
        await writeOutboxEvent(execute, event, orderId);
      });
      const stored = await byId(input.orderId);
      if (stored) return toOrderRecord(stored);
      // Nothing under this id: the (customer, Idempotency-Key) pair is held by another order.
      const { customerId, idempotencyKey } = input;
      const other = await orm.em.fork().findOne(Order, { customerId, idempotencyKey });
      if (other) {
        const message = `Idempotency-Key already used by order ${other.id}.`;
        throw ApplicationFailure.nonRetryable(message, ErrorTypes.ORDER_KEY_CONFLICT, { orderId: other.id });
      }
      throw new Error(`order ${input.orderId} was neither inserted nor found`);
    },

    async setOrderStatus(input: SetOrderStatusInput): Promise<OrderRecord> {
      const from = allowedFrom(input.status);
      // Conditional update: a stale attempt can never move the order backwards or out of a final status. The event of
      // the status reached is written in the same transaction; a retry derives the same event id and adds nothing.
      const updated = await orm.em.fork().transactional(async (em) => {
        const execute = inTransaction(em);
        const rows = (await execute(
          `update orders
           set status = ?, failure_reason = ?, tracking_number = coalesce(?, tracking_number), updated_at = now()
           where id = ? and status in (${from.map(() => '?').join(', ')})
           returning customer_id, status, total_cents, failure_reason, tracking_number,
                     (extract(epoch from updated_at) * 1000)::float8 as updated_ms`,
          [input.status, input.failureReason ?? null, input.trackingNumber ?? null, input.orderId, ...from],
        )) as StatusRow[];
        const row = rows[0];
        const type = row && STATUS_EVENTS[row.status];
        if (row && type) await writeOutboxEvent(execute, statusEvent(type, input.orderId, row), input.orderId);
        return rows.length;
      });
      const stored = await byId(input.orderId);
      if (!stored) {
        throw ApplicationFailure.nonRetryable(`Order ${input.orderId} not found.`, ErrorTypes.ORDER_NOT_FOUND, {
          orderId: input.orderId,
        });
      }
      if (updated === 0) {
        const message = `Order ${input.orderId} cannot go from ${stored.status} to ${input.status}.`;
        throw ApplicationFailure.nonRetryable(message, ErrorTypes.INVALID_ORDER_TRANSITION, {
          orderId: input.orderId,
          from: stored.status,
          to: input.status,
        });
      }
      return toOrderRecord(stored);
    },
  };
}
