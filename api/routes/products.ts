import Router from '@koa/router';
import { z } from 'zod';
import type { CatalogClient } from '../services/catalog';
import { HttpError } from '../http-error';
import { parseInput } from '../../lib/validation';
import { ProductId } from '../schemas';

/** Query string of both product routes: they take no parameters. */
const noQuery = z.strictObject({});

const notFound = () => new HttpError(404, 'PRODUCT_NOT_FOUND', 'No such product.');

/** `GET /api/products` and `GET /api/products/:id`: the catalog with prices and available stock (`degraded: true` when stock is unknown). */
export function productRoutes({ catalog }: { catalog: CatalogClient }): Router {
  const router = new Router({ prefix: '/api/products' });
  router.get('/', async (ctx) => {
    parseInput(noQuery, ctx.query);
    const { items, degraded } = await catalog.list();
    ctx.body = { items, ...(degraded ? { degraded: true } : {}) };
  });
  router.get('/:id', async (ctx) => {
    parseInput(noQuery, ctx.query);
    if (!ProductId.safeParse(ctx.params.id).success) throw notFound();
    const entry = await catalog.get(ctx.params.id);
    if (!entry) throw notFound();
    ctx.body = { ...entry.product, ...(entry.degraded ? { degraded: true } : {}) };
  });
  return router;
}
