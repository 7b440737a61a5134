import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Id, NoQuery, notFound, parseId, parseInput } from '../../lib/service-api';
import { Product } from './entities';
import { toProductDto } from './activities';

/** Read API of the products service: `GET /products`, `GET /products/:id`. */
export function createProductsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/products', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const rows = await orm.em.fork().find(Product, {}, { orderBy: { id: 'asc' } });
    ctx.body = { items: rows.map(toProductDto) };
  });
  router.get('/products/:id', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(Id, ctx.params.id, 'product');
    const row = await orm.em.fork().findOne(Product, { id });
    if (!row) throw notFound('product');
    ctx.body = toProductDto(row);
  });
  return router;
}
