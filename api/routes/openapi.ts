import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';
import type { CatalogClient } from '../services/catalog';
import { NoQuery, parseInput } from '../../lib/validation';

/**
 * `GET /api/openapi.json`: the gateway's OpenAPI 3.1 document, with an order's `productId` narrowed to the catalog's
 * ids as they are when it is served (without a catalog, any id of the product-id shape). The ids come from the
 * catalog's in-process read model (no Redis read per request); the document is built once per distinct id list and
 * served from memory as JSON text after that.
 */
export function openApiRoutes({ catalog }: { catalog?: Pick<CatalogClient, 'productIds'> } = {}): Router {
  const router = new Router();
  const built = new Map<string, string>(); // id list -> the document as JSON text
  let last: { productIds: string[] | undefined; json: string } | undefined; // the catalog's read model keeps its list
  router.get('/api/openapi.json', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const productIds = await catalog?.productIds();
    let json = last && last.productIds === productIds ? last.json : undefined;
    if (json === undefined) {
      const key = productIds?.join('\n') ?? '';
      json = built.get(key);
      if (json === undefined) {
        if (built.size >= 8) built.clear(); // the catalog changes rarely: a few lists at most, never a leak
        json = JSON.stringify(openApiDocument({ productIds }));
        built.set(key, json);
      }
      last = { productIds, json };
    }
    ctx.type = 'application/json';
    ctx.body = json;
  });
  return router;
}
