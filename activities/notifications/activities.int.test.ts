import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { SendOrderNotificationInput } from '../../contracts';
import { openServiceDatabase } from '../../test/support/service-database';
import { runActivity } from '../../test/support/activity-env';
import { createNotificationsActivities } from './activities';
import { notificationsDatabase } from './mikro-orm.config';

let orm: MikroORM;
let acts: ReturnType<typeof createNotificationsActivities>;
const run = runActivity;

beforeAll(async () => {
  orm = await openServiceDatabase('notifications', notificationsDatabase);
  acts = createNotificationsActivities({ orm });
});
afterAll(() => orm.close(true));

describe('sendOrderNotification', () => {
  it('records one notification per idempotency key, even when sent twice or concurrently', async () => {
    const orderId = randomUUID();
    const customerId = `test-${randomUUID()}`;
    const input: SendOrderNotificationInput = {
      orderId,
      customerId,
      template: 'order-confirmed',
      totalCents: 4200,
      idempotencyKey: `${orderId}:order-confirmed`,
    };
    const first = await run(acts.sendOrderNotification, input);
    expect(first).toMatchObject({
      channel: 'email',
      recipient: `customer:${customerId}`,
      template: 'order-confirmed',
      status: 'SENT',
    });
    const again = await Promise.all([1, 2, 3].map(() => run(acts.sendOrderNotification, input)));
    expect(again.every((n) => n.id === first.id)).toBe(true);
    const rows = await orm.em
      .getConnection()
      .execute('select template, payload from notifications where idempotency_key = ?', [input.idempotencyKey]);
    expect(rows).toEqual([{ template: 'order-confirmed', payload: { orderId, totalCents: 4200 } }]);
  });

  it('records another template of the same order separately', async () => {
    const orderId = randomUUID();
    const base = { orderId, customerId: `test-${randomUUID()}`, totalCents: 100 };
    const confirmed = await run(acts.sendOrderNotification, {
      ...base,
      template: 'order-confirmed',
      idempotencyKey: `${orderId}:order-confirmed`,
    });
    const shipped = await run(acts.sendOrderNotification, {
      ...base,
      template: 'order-shipped',
      idempotencyKey: `${orderId}:order-shipped`,
    });
    expect(shipped.id).not.toBe(confirmed.id);
    expect(shipped.template).toBe('order-shipped');
  });
});
