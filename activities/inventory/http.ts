import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { z } from 'zod';
import { Id, notFound, oneOrMany, parseId } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { Reservation, StockItem } from './entities';
import { toStockDto } from './activities';
import { SERVICE_READ_PATHS, itemRoute } from '../../contracts';

/** Query of `GET /stock`: no product (all of them), or one or more `productId`s. */
export const StockQuery = z.strictObject({ productId: oneOrMany(Id, 500).optional() });

/** Read API of the inventory service: `GET /stock` (all) or `GET /stock?productId=a&productId=b`, and `GET /reservations/:orderId`. */
export function createInventoryRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get(SERVICE_READ_PATHS.stock, async (ctx) => {
    const { productId: ids } = parseInput(StockQuery, ctx.query);
    const rows = await orm.em.fork().find(StockItem, ids ? { productId: { $in: ids } } : {}, { orderBy: { productId: 'asc' } });
    ctx.body = { items: rows.map(toStockDto) };
  });
  router.get(itemRoute(SERVICE_READ_PATHS.reservations, 'orderId'), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const orderId = parseId(Id, ctx.params.orderId, 'reservation');
    const r = await orm.em.fork().findOne(Reservation, { orderId });
    if (!r) throw notFound(`reservation of order ${orderId}`);
    ctx.body = { orderId: r.orderId, state: r.state, lines: r.lines, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
  });
  return router;
}
