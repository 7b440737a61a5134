import Router from '@koa/router';
import type { Context } from 'koa';
import type { FilterQuery, MikroORM } from '@mikro-orm/core';
import type { OrderRecord } from '../../contracts';
import { Order } from './entities';
import { toOrderRecord } from './activities';

/** Page size of `GET /orders` when `limit` is absent, and its ceiling. */
export const ORDER_PAGE = { default: 20, max: 100 } as const;

/** Answers with the service's JSON error shape. */
function fail(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

/** Keyset cursor of a page: the last order's createdAt and id, so orders created in the same millisecond are neither skipped nor repeated. */
export const pageCursor = (o: OrderRecord): string => `${o.createdAt}_${o.orderId}`;

/** Parses `before` (a pageCursor, or a bare ISO date); undefined when malformed. */
function parseCursor(raw: string): { createdAt: Date; id?: string } | undefined {
  const [date, id, ...rest] = raw.split('_');
  const createdAt = new Date(date ?? '');
  if (rest.length > 0 || Number.isNaN(createdAt.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(date ?? '')) return undefined;
  if (id !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
  return { createdAt, id };
}

/** Read API of the orders service: `GET /orders/:id` and `GET /orders?customerId=&limit=&before=` (newest first, `before` = the previous page's `nextCursor`). */
export function createOrdersRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();

  router.get('/orders/:id', async (ctx) => {
    const order = await orm.em.fork().findOne(Order, { id: ctx.params.id });
    if (!order) return fail(ctx, 404, 'NOT_FOUND', `order ${ctx.params.id} not found`);
    ctx.body = toOrderRecord(order) satisfies OrderRecord;
  });

  router.get('/orders', async (ctx) => {
    const { customerId, limit: rawLimit, before: rawBefore } = ctx.query;
    if (typeof customerId !== 'string' || customerId === '') return fail(ctx, 400, 'BAD_REQUEST', 'customerId is required');
    let limit: number = ORDER_PAGE.default;
    if (rawLimit !== undefined) {
      limit = Number(rawLimit);
      if (!Number.isInteger(limit) || limit < 1) return fail(ctx, 400, 'BAD_REQUEST', 'limit must be a positive integer');
      limit = Math.min(limit, ORDER_PAGE.max);
    }
    let before: ReturnType<typeof parseCursor>;
    if (rawBefore !== undefined) {
      before = typeof rawBefore === 'string' ? parseCursor(rawBefore) : undefined;
      if (!before) return fail(ctx, 400, 'BAD_REQUEST', 'before must be a nextCursor or an ISO date');
    }
    const where: FilterQuery<Order> = !before
      ? { customerId }
      : before.id === undefined
        ? { customerId, createdAt: { $lt: before.createdAt } }
        : { customerId, $or: [{ createdAt: { $lt: before.createdAt } }, { createdAt: before.createdAt, id: { $lt: before.id } }] };
    const rows = await orm.em.fork().find(Order, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toOrderRecord);
    ctx.body = { items, ...(rows.length > limit ? { nextCursor: pageCursor(items[items.length - 1]!) } : {}) };
  });

  return router;
}
