import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';
import type { CatalogClient } from '../services/catalog';
import { NoQuery, parseInput } from '../../lib/validation';

/**
 * `GET /api/openapi.json`: the gateway's OpenAPI 3.1 document, with an order's `productId` narrowed to the catalog's
 * ids as they are when it is served (without a catalog, any id of the product-id shape).
 */
export function openApiRoutes({ catalog }: { catalog?: Pick<CatalogClient, 'productIds'> } = {}): Router {
  const router = new Router();
  router.get('/api/openapi.json', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.body = openApiDocument({ productIds: await catalog?.productIds() });
  });
  return router;
}
