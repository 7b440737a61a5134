import { ApplicationFailure } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  FINAL_STATUSES,
  ORDER_STATUSES,
  type CreateOrderInput,
  type OrderRecord,
  type OrderStatus,
  type OrdersActivities,
  type SetOrderStatusInput,
} from '../../contracts';
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

/** Builds the orders activities; each call forks its own EntityManager. */
export function createOrdersActivities({ orm }: OrdersDeps): OrdersActivities {
  const byId = (id: string) => orm.em.fork().findOne(Order, { id });

  return {
    async createOrder(input: CreateOrderInput): Promise<OrderRecord> {
      // One statement: the order id (primary key) is the business key. Timestamps in ms so an ISO `before` cursor
      // round-trips exactly.
      await orm.em.getConnection().execute(
        `insert into orders
           (id, customer_id, idempotency_key, request_hash, status, items, total_cents, currency,
            created_at, updated_at)
         values (?, ?, ?, ?, 'PENDING', ?::jsonb, ?, ?,
                 date_trunc('milliseconds', now()), date_trunc('milliseconds', now()))
         on conflict do nothing`,
        [
          input.orderId,
          input.customerId,
          input.idempotencyKey,
          input.requestHash,
          JSON.stringify(input.items),
          input.totalCents,
          input.currency,
        ],
      );
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
      // Conditional update: a stale attempt can never move the order backwards or out of a final status.
      const res = (await orm.em.getConnection().execute(
        `update orders
         set status = ?, failure_reason = ?, tracking_number = coalesce(?, tracking_number), updated_at = now()
         where id = ? and status in (${from.map(() => '?').join(', ')})`,
        [input.status, input.failureReason ?? null, input.trackingNumber ?? null, input.orderId, ...from],
        'run',
      )) as { affectedRows: number };
      const stored = await byId(input.orderId);
      if (!stored) {
        throw ApplicationFailure.nonRetryable(`Order ${input.orderId} not found.`, ErrorTypes.ORDER_NOT_FOUND, {
          orderId: input.orderId,
        });
      }
      if (res.affectedRows === 0) {
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
