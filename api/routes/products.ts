import Router from '@koa/router';
import type { CatalogClient } from '../services/catalog';
import { HttpError } from '../http-error';

/** `GET /api/products` and `GET /api/products/:id`: the catalog with prices and available stock. */
export function productRoutes({ catalog }: { catalog: CatalogClient }): Router {
  const router = new Router({ prefix: '/api/products' });
  router.get('/', async (ctx) => {
    ctx.body = { items: await catalog.list() };
  });
  router.get('/:id', async (ctx) => {
    const product = await catalog.get(ctx.params.id);
    if (!product) throw new HttpError(404, 'PRODUCT_NOT_FOUND', 'No such product.');
    ctx.body = product;
  });
  return router;
}
