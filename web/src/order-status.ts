// How order statuses, failure reasons and the test payment tokens read to a customer.
import type { FailureReason, OrderStatus } from '../../contracts/orders';

/** Statuses from which a customer may still cancel (the gateway answers 409 ORDER_NOT_CANCELLABLE for the others). */
export const CANCELLABLE: readonly OrderStatus[] = ['PENDING', 'AWAITING_APPROVAL', 'CONFIRMED'];

/** Statuses nothing changes any more. */
export const FINAL: readonly OrderStatus[] = ['SHIPPED', 'CANCELLED', 'FAILED'];

/** A status's short label and tone (for its badge). */
export const STATUS_LABELS: Record<OrderStatus, { label: string; tone: 'info' | 'ok' | 'warn' | 'bad' | 'muted' }> = {
  PENDING: { label: 'Processing', tone: 'info' },
  AWAITING_APPROVAL: { label: 'Awaiting approval', tone: 'warn' },
  CONFIRMED: { label: 'Confirmed', tone: 'ok' },
  SHIPPED: { label: 'Shipped', tone: 'ok' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  FAILED: { label: 'Failed', tone: 'bad' },
};

/** What a status means for the customer, in a sentence. */
export const STATUS_MESSAGES: Record<OrderStatus, string> = {
  PENDING: 'We have your order and are reserving the items and taking the payment.',
  AWAITING_APPROVAL: 'Large orders are checked by our team before we take the payment. We will update this page.',
  CONFIRMED: 'Payment received: your order is confirmed and being prepared for shipping.',
  SHIPPED: 'Your order is on its way.',
  CANCELLED: 'This order is cancelled.',
  FAILED: 'This order could not be completed.',
};

/** Why an order failed or was cancelled, as the customer should read it. */
export const FAILURE_MESSAGES: Record<FailureReason, { title: string; detail: string }> = {
  OUT_OF_STOCK: {
    title: 'Out of stock',
    detail: 'Some items sold out before we could reserve them. You have not been charged.',
  },
  PAYMENT_DECLINED: {
    title: 'Payment declined',
    detail: 'Your payment was declined. You have not been charged and the items went back on the shelf.',
  },
  PAYMENT_UNAVAILABLE: {
    title: 'Payment unavailable',
    detail: 'The payment provider did not answer in time. You have not been charged; please try again later.',
  },
  APPROVAL_TIMEOUT: {
    title: 'Not approved in time',
    detail: 'Our team could not review this order in time. You have not been charged.',
  },
  REJECTED: { title: 'Not approved', detail: 'Our team could not accept this order. You have not been charged.' },
  CUSTOMER_CANCELLED: {
    title: 'Cancelled by you',
    detail: 'You cancelled this order. Any payment has been refunded in full.',
  },
};

/** The payment sandbox's test tokens (README, "Placing orders"): what each one makes the provider do. */
export const PAYMENT_TOKENS = [
  { token: 'tok_ok', label: 'Test card — approved', description: 'The payment is approved at once.' },
  { token: 'tok_decline', label: 'Test card — declined', description: 'The provider declines the payment.' },
  {
    token: 'tok_flaky',
    label: 'Test card — flaky provider',
    description: 'The provider fails twice, then approves: the shop retries for you.',
  },
  {
    token: 'tok_unavailable',
    label: 'Test card — provider down',
    description: 'The provider never answers: the order fails once the payment time budget is spent.',
  },
  {
    token: 'tok_refund_flaky',
    label: 'Test card — flaky refunds',
    description: 'Approved; if you cancel, the refund fails twice before it goes through.',
  },
] as const;
