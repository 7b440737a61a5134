import { log } from '@temporalio/workflow';
import type { OrderCheckoutInput, OrderNotificationTemplate } from '../contracts';
import { notifications } from './activity-stubs';
import type { CheckoutState } from './checkout-state';
import { errorMessage } from './error-message';

/** Best-effort customer notification: a failure is logged, never thrown (the order stands). */
export async function notifyCustomer(
  { orderId, customerId }: Pick<OrderCheckoutInput, 'orderId' | 'customerId'>,
  state: Pick<CheckoutState, 'totalCents'>,
  template: OrderNotificationTemplate,
): Promise<void> {
  try {
    const totalCents = state.totalCents ?? 0;
    const idempotencyKey = `${orderId}:${template}`;
    await notifications.sendOrderNotification({ orderId, customerId, template, totalCents, idempotencyKey });
  } catch (err) {
    log.warn('notification not sent; the order stands', { orderId, template, error: errorMessage(err) });
  }
}
