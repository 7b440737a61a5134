import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { z } from 'zod';
import { Text } from '../../lib/service-api';
import { parseInput } from '../../lib/validation';
import { Notification } from './entities';
import { toNotificationDto } from './activities';
import { SERVICE_READ_PATHS } from '../../contracts';

/** Query of `GET /notifications`: optionally one recipient's. */
export const NotificationsQuery = z.strictObject({ recipient: Text.optional() });

/** Read API of the notifications service: `GET /notifications?recipient=` (newest 100 first). */
export function createNotificationsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get(SERVICE_READ_PATHS.notifications, async (ctx) => {
    const { recipient } = parseInput(NotificationsQuery, ctx.query);
    const rows = await orm.em.fork().find(Notification, recipient ? { recipient } : {}, { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toNotificationDto) };
  });
  return router;
}
