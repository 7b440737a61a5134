import Router from '@koa/router';
import { SERVICE_READ_PATHS, itemRoute } from '../../contracts';
import { found, Id, parseId } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { Product } from './entities';
import { toProductDto, type ProductsDeps } from './activities';

/** Read API of the products service: `GET /products`, `GET /products/:id`. */
export function createProductsRouter({ orm }: Pick<ProductsDeps, 'orm'>): Router {
  const router = new Router();

  router.get(SERVICE_READ_PATHS.products, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const rows = await orm.em.fork().find(Product, {}, { orderBy: { id: 'asc' } });
    ctx.body = { items: rows.map(toProductDto) };
  });

  router.get(itemRoute(SERVICE_READ_PATHS.products), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(Id, ctx.params.id, 'product');
    ctx.body = toProductDto(found(await orm.em.fork().findOne(Product, { id }), 'product'));
  });

  return router;
}
