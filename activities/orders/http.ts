import Router from '@koa/router';
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { ORDER_EVENTS_SUFFIX, SERVICE_READ_PATHS, itemRoute, type OrderRecord } from '../../contracts';
import { found, Id, parseId } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { Order, OrderEvent } from './entities';
import { toTimelineEntry } from './timeline';
import { toOrderRecord, type OrdersDeps } from './activities';

/** Page size of `GET /orders` when `limit` is absent, and its ceiling. */
export const ORDER_PAGE = { default: 20, max: 100 } as const;

/**
 * Keyset cursor of a page: the last order's createdAt and id, so orders created in the same millisecond are neither
 * skipped nor repeated.
 */
export const pageCursor = (o: OrderRecord): string => `${o.createdAt}_${o.orderId}`;

/** A parsed `before`: the last order's createdAt, and its id unless the cursor was a bare date. */
interface Cursor {
  createdAt: Date;
  id?: string;
}

/** Parses `before` (a pageCursor, or a bare ISO date); undefined when malformed. */
function parseCursor(raw: string): Cursor | undefined {
  const [date, id, ...rest] = raw.split('_');
  const createdAt = new Date(date ?? '');
  if (rest.length > 0 || Number.isNaN(createdAt.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(date ?? '')) return undefined;
  if (id !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
  return { createdAt, id };
}

/** The orders of `customerId` before the cursor (newest first: older, or as old with a smaller id); all without one. */
function olderThan(customerId: string, before: Cursor | undefined): FilterQuery<Order> {
  if (!before) return { customerId };
  const older = { createdAt: { $lt: before.createdAt } };
  if (before.id === undefined) return { customerId, ...older };
  return { customerId, $or: [older, { createdAt: before.createdAt, id: { $lt: before.id } }] };
}

/** Query of `GET /orders`: the customer, a page size (cut to ORDER_PAGE.max) and the previous page's cursor. */
export const ListOrdersQuery = z.strictObject({
  customerId: Id,
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, 'a positive whole number')
    .transform((n) => Math.min(Number(n), ORDER_PAGE.max))
    .default(ORDER_PAGE.default),
  before: z
    .string()
    .max(200)
    .transform((raw, ctx) => {
      const cursor = parseCursor(raw);
      if (!cursor) ctx.addIssue({ code: 'custom', message: 'expected a nextCursor or an ISO date' });
      return cursor ?? z.NEVER;
    })
    .optional(),
});

/**
 * Read API of the orders service: `GET /orders/:id`, `GET /orders/:id/events` (the order's timeline, oldest first) and
 * `GET /orders?customerId=&limit=&before=` (newest first, `before` = the previous page's `nextCursor`).
 */
export function createOrdersRouter({ orm }: OrdersDeps): Router {
  const router = new Router();

  router.get(itemRoute(SERVICE_READ_PATHS.orders), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(Id, ctx.params.id, 'order');
    ctx.body = toOrderRecord(found(await orm.em.fork().findOne(Order, { id }), 'order'));
  });

  router.get(itemRoute(SERVICE_READ_PATHS.orders) + ORDER_EVENTS_SUFFIX, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(Id, ctx.params.id, 'order');
    const em = orm.em.fork();
    found(await em.findOne(Order, { id }, { fields: ['id'] }), 'order');
    const rows = await em.find(OrderEvent, { orderId: id }, { orderBy: { occurredAt: 'asc', eventId: 'asc' } });
    ctx.body = { items: rows.map(toTimelineEntry) };
  });

  router.get(SERVICE_READ_PATHS.orders, async (ctx) => {
    const { customerId, limit, before } = parseInput(ListOrdersQuery, ctx.query);
    const orderBy = { createdAt: 'desc', id: 'desc' } as const;
    const rows = await orm.em.fork().find(Order, olderThan(customerId, before), { orderBy, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toOrderRecord);
    ctx.body = { items, ...(rows.length > limit ? { nextCursor: pageCursor(items[items.length - 1]!) } : {}) };
  });

  return router;
}
