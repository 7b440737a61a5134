import {
  CONSUMER_GROUPS,
  EVENT_STREAMS,
  EVENT_TYPES,
  type DomainEvent,
  type EventType,
  type OrderNotificationTemplate,
  type OrderStatusChangedData,
  type UserCreatedData,
} from '../../contracts';
import type { ConsumerDefinition } from '../../lib/event-consumer';
import type { Logger } from '../../lib/logger';
import { recordNotification } from './activities';

/** The email each order event sends (the same idempotency key the saga's own sends used: `<orderId>:<template>`). */
export const ORDER_EMAILS: Partial<Record<EventType, OrderNotificationTemplate>> = {
  [EVENT_TYPES.orderConfirmed]: 'order-confirmed',
  [EVENT_TYPES.orderShipped]: 'order-shipped',
  [EVENT_TYPES.orderCancelled]: 'order-cancelled',
};

/**
 * The `notifications` consumer group: the welcome email from `user.created`, and the confirmation, shipping and
 * cancellation emails from `order.*`. Each email is recorded under the key the workflows used before they left email
 * to events (`<registrationId>:welcome`, `<orderId>:<template>`), so an order whose saga still sent its own email (a
 * history from before the patch) gets no second one.
 */
export function notificationsConsumer(logger: Pick<Logger, 'info'>): ConsumerDefinition {
  return {
    group: CONSUMER_GROUPS.notifications,
    streams: [EVENT_STREAMS.users, EVENT_STREAMS.orders],
    async handle(event: DomainEvent, execute) {
      if (event.type === EVENT_TYPES.userCreated) {
        const { userId, email, name, registrationId } = event.data as UserCreatedData;
        const sent = await recordNotification(execute, {
          idempotencyKey: `${registrationId}:welcome`,
          channel: 'email',
          recipient: email,
          template: 'welcome',
          payload: { userId, name },
        });
        const { requestId } = event.metadata;
        if (sent)
          logger.info({ template: 'welcome', recipient: email, eventId: event.id, requestId }, 'email delivered');
        return;
      }
      const template = ORDER_EMAILS[event.type];
      if (!template) return;
      const { orderId, customerId, totalCents } = event.data as OrderStatusChangedData;
      const recipient = `customer:${customerId}`;
      const sent = await recordNotification(execute, {
        idempotencyKey: `${orderId}:${template}`,
        channel: 'email',
        recipient,
        template,
        payload: { orderId, totalCents },
      });
      const { requestId } = event.metadata;
      if (sent) logger.info({ template, recipient, orderId, eventId: event.id, requestId }, 'email delivered');
    },
  };
}
