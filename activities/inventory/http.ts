import Router from '@koa/router';
import { z } from 'zod';
import { SERVICE_READ_PATHS, itemRoute } from '../../contracts';
import { found, Id, oneOrMany, parseId } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { Reservation, StockItem } from './entities';
import { toReservationRecord, toStockDto, type InventoryDeps } from './activities';

/** Query of `GET /stock`: no product (all of them), or one or more `productId`s. */
export const StockQuery = z.strictObject({ productId: oneOrMany(Id, 500).optional() });

/**
 * Read API of the inventory service: `GET /stock` (all) or `GET /stock?productId=a&productId=b`, and
 * `GET /reservations/:orderId`.
 */
export function createInventoryRouter({ orm }: InventoryDeps): Router {
  const router = new Router();

  router.get(SERVICE_READ_PATHS.stock, async (ctx) => {
    const { productId: ids } = parseInput(StockQuery, ctx.query);
    const where = ids ? { productId: { $in: ids } } : {};
    const rows = await orm.em.fork().find(StockItem, where, { orderBy: { productId: 'asc' } });
    ctx.body = { items: rows.map(toStockDto) };
  });

  router.get(itemRoute(SERVICE_READ_PATHS.reservations, 'orderId'), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const orderId = parseId(Id, ctx.params.orderId, 'reservation');
    ctx.body = toReservationRecord(found(await orm.em.fork().findOne(Reservation, { orderId }), 'reservation'));
  });

  return router;
}
