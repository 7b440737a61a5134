/** Input of the welcome notification. */
export interface SendWelcomeInput {
  userId: string;
  email: string;
  name: string;
  /** Business key under a unique constraint: a retried activity sends once. */
  idempotencyKey: string;
}

/** A notification record as returned by the service. */
export interface NotificationDto {
  id: string;
  channel: 'email' | 'sms' | 'push';
  recipient: string;
  template: string;
  status: 'SENT';
  createdAt: string;
}

/** Templates of the order notifications. */
export type OrderNotificationTemplate = 'order-confirmed' | 'order-shipped' | 'order-cancelled';

/** Input of an order notification to the customer. */
export interface SendOrderNotificationInput {
  orderId: string;
  customerId: string;
  template: OrderNotificationTemplate;
  totalCents: number;
  /** `<orderId>:<template>`: a retried activity sends once. */
  idempotencyKey: string;
}

/** Activities of the notifications service (task queue `notifications`). */
export interface NotificationsActivities {
  /** Records and delivers the welcome email, once per idempotency key. */
  sendWelcome(input: SendWelcomeInput): Promise<NotificationDto>;
  /** Records and delivers an order notification to the customer, once per idempotency key. */
  sendOrderNotification(input: SendOrderNotificationInput): Promise<NotificationDto>;
}
