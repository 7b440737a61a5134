import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { User } from './entities';
import { toUserDto } from './activities';

/** Read API of the users service: `GET /users/:id`. */
export function createUsersRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/users/:id', async (ctx) => {
    const user = await orm.em.fork().findOne(User, { id: ctx.params.id });
    if (!user) return ctx.throw(404, 'user not found');
    ctx.body = toUserDto(user);
  });
  return router;
}
