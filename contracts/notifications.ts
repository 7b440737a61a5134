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

/** Activities of the notifications service (task queue `notifications`). */
export interface NotificationsActivities {
  /** Records and delivers the welcome email, once per idempotency key. */
  sendWelcome(input: SendWelcomeInput): Promise<NotificationDto>;
}
