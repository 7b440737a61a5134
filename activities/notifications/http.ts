import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Notification } from './entities';
import { toNotificationDto } from './activities';

/** Read API of the notifications service: `GET /notifications?recipient=`. */
export function createNotificationsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get('/notifications', async (ctx) => {
    const recipient = typeof ctx.query.recipient === 'string' ? ctx.query.recipient : undefined;
    const rows = await orm.em.fork().find(Notification, recipient ? { recipient } : {}, { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toNotificationDto) };
  });
  return router;
}
