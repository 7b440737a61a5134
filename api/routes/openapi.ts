import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';
import type { CatalogClient } from '../services/catalog';
import { NoQuery, parseInput } from '../../lib/validation';

/**
 * `GET /api/openapi.json`: the gateway's OpenAPI 3.1 document, with an order's `productId` narrowed to the catalog's
 * ids as they are when it is served (without a catalog, any id of the product-id shape). The document is built once
 * per distinct id list and served from memory after that.
 */
export function openApiRoutes({ catalog }: { catalog?: Pick<CatalogClient, 'productIds'> } = {}): Router {
  const router = new Router();
  const built = new Map<string, string>(); // id list -> the document as JSON text
  router.get('/api/openapi.json', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const productIds = await catalog?.productIds();
    const key = productIds?.join('\n') ?? '';
    let json = built.get(key);
    if (json === undefined) {
      if (built.size >= 8) built.clear(); // the catalog changes rarely: a few lists at most, never a leak
      json = JSON.stringify(openApiDocument({ productIds }));
      built.set(key, json);
    }
    ctx.type = 'application/json';
    ctx.body = json;
  });
  return router;
}
