import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Product } from './entities';
import { toProductDto } from './activities';

/** Read API of the products service: `GET /products`, `GET /products/:id`. */
export function createProductsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/products', async (ctx) => {
    const rows = await orm.em.fork().find(Product, {}, { orderBy: { id: 'asc' } });
    ctx.body = { items: rows.map(toProductDto) };
  });
  router.get('/products/:id', async (ctx) => {
    const row = await orm.em.fork().findOne(Product, { id: ctx.params.id });
    if (!row) return ctx.throw(404, 'product not found');
    ctx.body = toProductDto(row);
  });
  return router;
}
