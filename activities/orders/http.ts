import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Order } from './entities';

/** Read API of the orders service: `GET /orders/:id`. */
export function createOrdersRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/orders/:id', async (ctx) => {
    const order = await orm.em.fork().findOne(Order, { id: ctx.params.id });
    if (!order) return ctx.throw(404, 'order not found');
    ctx.body = order;
  });
  return router;
}
