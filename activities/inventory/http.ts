import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Reservation, StockItem } from './entities';
import { toStockDto } from './activities';

/** Read API of the inventory service: `GET /stock` (all) or `GET /stock?productId=a&productId=b`, and `GET /reservations/:orderId`. */
export function createInventoryRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/stock', async (ctx) => {
    const raw = ctx.query.productId;
    const ids = raw === undefined ? undefined : Array.isArray(raw) ? raw : [raw];
    const rows = await orm.em.fork().find(StockItem, ids ? { productId: { $in: ids } } : {}, { orderBy: { productId: 'asc' } });
    ctx.body = { items: rows.map(toStockDto) };
  });
  router.get('/reservations/:orderId', async (ctx) => {
    const r = await orm.em.fork().findOne(Reservation, { orderId: ctx.params.orderId });
    if (!r) {
      ctx.status = 404;
      ctx.body = { error: { code: 'NOT_FOUND', message: `order ${ctx.params.orderId} has no reservation` } };
      return;
    }
    ctx.body = { orderId: r.orderId, state: r.state, lines: r.lines, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
  });
  return router;
}
