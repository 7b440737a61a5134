import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { NotificationDto } from '../../contracts';
import { defineProcessedEventEntity } from '../../lib/processed-events-table';

/**
 * Table `notifications`: a delivered notification; the unique `idempotencyKey` (`<business id>:<step>`) makes a
 * retried send a no-op.
 */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.uuid().primary(),
    idempotencyKey: p.string().unique(),
    channel: p.string().$type<NotificationDto['channel']>(),
    recipient: p.string(),
    template: p.string(),
    payload: p.json<Record<string, unknown>>(),
    status: p.string().$type<NotificationDto['status']>(),
    createdAt: p.datetime(),
  },
});

/** A row of `notifications`. */
export type Notification = InferEntity<typeof Notification>;

/** Table `processed_events`: the events the `notifications` consumer group has handled (lib/event-consumer.ts). */
export const ProcessedEvent = defineProcessedEventEntity();

/** A row of `processed_events`. */
export type ProcessedEvent = InferEntity<typeof ProcessedEvent>;
