import Router from '@koa/router';
import { z } from 'zod';
import { SERVICE_READ_PATHS } from '../../contracts';
import { Text } from '../../lib/service-api';
import { parseInput } from '../../lib/validation';
import { Notification } from './entities';
import { toNotificationDto, type NotificationsDeps } from './activities';

/** Query of `GET /notifications`: optionally one recipient's. */
export const NotificationsQuery = z.strictObject({ recipient: Text.optional() });

/** Read API of the notifications service: `GET /notifications?recipient=` (newest 100 first). */
export function createNotificationsRouter({ orm }: NotificationsDeps): Router {
  const router = new Router();

  router.get(SERVICE_READ_PATHS.notifications, async (ctx) => {
    const { recipient } = parseInput(NotificationsQuery, ctx.query);
    const where = recipient ? { recipient } : {};
    const rows = await orm.em.fork().find(Notification, where, { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toNotificationDto) };
  });

  return router;
}
