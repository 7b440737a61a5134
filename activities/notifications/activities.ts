import { randomUUID } from 'node:crypto';
import { log } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import type {
  NotificationDto,
  NotificationsActivities,
  SendOrderNotificationInput,
  SendWelcomeInput,
} from '../../contracts';
import type { TransactionalExecute } from '../../lib/sql-transaction';
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

/** What a notification is: its key (one record per key), channel, recipient, template and payload. */
export type NotificationContent = Omit<Notification, 'id' | 'createdAt' | 'status'>;

/**
 * Records (delivers) a notification once per idempotency key with `execute` (one statement: the unique key and the
 * record); true when this call recorded it, false when the key was there already.
 */
export async function recordNotification(execute: TransactionalExecute, row: NotificationContent): Promise<boolean> {
  const inserted = (await execute(
    `insert into notifications (id, idempotency_key, channel, recipient, template, payload, status)
     values (?, ?, ?, ?, ?, ?, 'SENT') on conflict (idempotency_key) do nothing returning id`,
    [randomUUID(), row.idempotencyKey, row.channel, row.recipient, row.template, JSON.stringify(row.payload)],
  )) as unknown[];
  return inserted.length > 0;
}

/** Builds the notifications activities. Delivery goes to the service log (the sandbox has no mail relay). */
export function createNotificationsActivities({ orm }: NotificationsDeps): NotificationsActivities {
  /** Records the notification once per key, then returns the record. */
  async function recordOnce(row: NotificationContent): Promise<Notification> {
    await recordNotification((sql, params) => orm.em.getConnection().execute(sql, params), row);
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
