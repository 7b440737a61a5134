import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Charge, Refund } from './entities';
import { toChargeDto, toRefundDto } from './activities';

/** Read API of the payments service: `GET /charges?orderId=` and `GET /refunds?orderId=`. */
export function createPaymentsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  const orderFilter = (query: Record<string, unknown>) => (typeof query.orderId === 'string' ? { orderId: query.orderId } : {});
  router.get('/charges', async (ctx) => {
    const rows = await orm.em.fork().find(Charge, orderFilter(ctx.query), { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toChargeDto) };
  });
  router.get('/refunds', async (ctx) => {
    const rows = await orm.em.fork().find(Refund, orderFilter(ctx.query), { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toRefundDto) };
  });
  return router;
}
