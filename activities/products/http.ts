import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Id, notFound, parseId } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { Product } from './entities';
import { toProductDto } from './activities';
import { SERVICE_READ_PATHS, itemRoute } from '../../contracts';

/** Read API of the products service: `GET /products`, `GET /products/:id`. */
export function createProductsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get(SERVICE_READ_PATHS.products, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const rows = await orm.em.fork().find(Product, {}, { orderBy: { id: 'asc' } });
    ctx.body = { items: rows.map(toProductDto) };
  });
  router.get(itemRoute(SERVICE_READ_PATHS.products), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(Id, ctx.params.id, 'product');
    const row = await orm.em.fork().findOne(Product, { id });
    if (!row) throw notFound('product');
    ctx.body = toProductDto(row);
  });
  return router;
}
