import Router from '@koa/router';
import type { Context } from 'koa';
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
  // The read model answers the same page (and items) until it reads again: each is serialized once, not per request.
  const pages = new WeakMap<object, string>();
  const items = new WeakMap<object, string>();
  const json = (ctx: Context, cache: WeakMap<object, string>, of: object, body: () => unknown) => {
    let text = cache.get(of);
    if (text === undefined) cache.set(of, (text = JSON.stringify(body())));
    ctx.type = 'application/json';
    ctx.body = text;
  };
  router.get('/', async (ctx) => {
    parseInput(noQuery, ctx.query);
    const page = await catalog.list();
    json(ctx, pages, page, () => ({ items: page.items, ...(page.degraded ? { degraded: true } : {}) }));
  });
  router.get('/:id', async (ctx) => {
    parseInput(noQuery, ctx.query);
    if (!ProductId.safeParse(ctx.params.id).success) throw notFound();
    const entry = await catalog.get(ctx.params.id);
    if (!entry) throw notFound();
    json(ctx, items, entry.product, () => ({ ...entry.product, ...(entry.degraded ? { degraded: true } : {}) }));
  });
  return router;
}
