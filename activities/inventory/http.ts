import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { StockItem } from './entities';
import { toStockDto } from './activities';

/** Read API of the inventory service: `GET /stock` (all) or `GET /stock?productId=a&productId=b`. */
export function createInventoryRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/stock', async (ctx) => {
    const raw = ctx.query.productId;
    const ids = raw === undefined ? undefined : Array.isArray(raw) ? raw : [raw];
    const rows = await orm.em.fork().find(StockItem, ids ? { productId: { $in: ids } } : {}, { orderBy: { productId: 'asc' } });
    ctx.body = { items: rows.map(toStockDto) };
  });
  return router;
}
