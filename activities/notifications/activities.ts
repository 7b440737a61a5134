import { randomUUID } from 'node:crypto';
import { log } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import type {
  NotificationDto,
  NotificationsActivities,
  SendOrderNotificationInput,
  SendWelcomeInput,
} from '../../contracts';
import { Notification } from './entities';

/** Dependencies of the notifications activities and read API. */
export interface NotificationsDeps {
  orm: MikroORM;
}

/** Maps a row to the public DTO. */
export const toNotificationDto = (n: Notification): NotificationDto => ({
  id: n.id,
  channel: n.channel,
  recipient: n.recipient,
  template: n.template,
  status: n.status,
  createdAt: n.createdAt.toISOString(),
});

/** Builds the notifications activities. Delivery goes to the service log (the sandbox has no mail relay). */
export function createNotificationsActivities({ orm }: NotificationsDeps): NotificationsActivities {
  /** Inserts the record once per key (the unique key and the record are one statement), then returns it. */
  async function recordOnce(row: Omit<Notification, 'id' | 'createdAt' | 'status'>): Promise<Notification> {
    await orm.em.getConnection().execute(
      `insert into notifications (id, idempotency_key, channel, recipient, template, payload, status)
       values (?, ?, ?, ?, ?, ?, 'SENT') on conflict (idempotency_key) do nothing`,
      [randomUUID(), row.idempotencyKey, row.channel, row.recipient, row.template, JSON.stringify(row.payload)],
    );
    return orm.em.fork().findOneOrFail(Notification, { idempotencyKey: row.idempotencyKey });
  }

  return {
    async sendWelcome(input: SendWelcomeInput): Promise<NotificationDto> {
      const sent = await recordOnce({
        idempotencyKey: input.idempotencyKey,
        channel: 'email',
        recipient: input.email,
        template: 'welcome',
        payload: { userId: input.userId, name: input.name },
      });
      log.info('email delivered', { template: 'welcome', recipient: input.email, notificationId: sent.id });
      return toNotificationDto(sent);
    },

    async sendOrderNotification(input: SendOrderNotificationInput): Promise<NotificationDto> {
      const recipient = `customer:${input.customerId}`;
      const sent = await recordOnce({
        idempotencyKey: input.idempotencyKey,
        channel: 'email',
        recipient,
        template: input.template,
        payload: { orderId: input.orderId, totalCents: input.totalCents },
      });
      const { template, orderId } = input;
      log.info('email delivered', { template, recipient, orderId, notificationId: sent.id });
      return toNotificationDto(sent);
    },
  };
}
