import { EntitySchema } from '@mikro-orm/core';

/** A delivered notification; `idempotencyKey` (`<business id>:<step>`) makes a retried send a no-op. */
export class Notification {
  id!: string;
  idempotencyKey!: string;
  channel!: 'email' | 'sms' | 'push';
  recipient!: string;
  template!: string;
  payload!: Record<string, unknown>;
  status!: 'SENT';
  createdAt: Date = new Date();
}

/** Table `notifications`. */
export const NotificationSchema = new EntitySchema<Notification>({
  class: Notification,
  tableName: 'notifications',
  properties: {
    id: { type: 'uuid', primary: true },
    idempotencyKey: { type: 'string', unique: true, fieldName: 'idempotency_key' },
    channel: { type: 'string' },
    recipient: { type: 'string' },
    template: { type: 'string' },
    payload: { type: 'json' },
    status: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
