import { ErrorTypes } from './errors';
import type { ServiceName } from './services';
import type { FailureReason, OrderItemInput, OrderLine, OrderStatus } from './orders';

/** Every domain event type the platform publishes, by the service that owns the state it describes. */
export const EVENT_TYPES = {
  userCreated: 'user.created',
  orderCreated: 'order.created',
  orderConfirmed: 'order.confirmed',
  orderShipped: 'order.shipped',
  orderCancelled: 'order.cancelled',
  orderFailed: 'order.failed',
  paymentReceived: 'payment.received',
  paymentFailed: 'payment.failed',
  paymentRefunded: 'payment.refunded',
  stockReserved: 'stock.reserved',
  stockReleased: 'stock.released',
  stockLow: 'stock.low',
} as const;

/** A domain event type, e.g. `order.confirmed`. */
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** The Redis stream of each event family (one per owning service): `events.<family>`. */
export const EVENT_STREAMS = {
  users: 'events.users',
  orders: 'events.orders',
  payments: 'events.payments',
  inventory: 'events.inventory',
} as const;

/** The stream an event of `type` is published to: its family's (`order.created` → `events.orders`). */
export function eventStream(type: EventType): (typeof EVENT_STREAMS)[keyof typeof EVENT_STREAMS] {
  const family = type.slice(0, type.indexOf('.'));
  if (family === 'user') return EVENT_STREAMS.users;
  if (family === 'order') return EVENT_STREAMS.orders;
  if (family === 'payment') return EVENT_STREAMS.payments;
  return EVENT_STREAMS.inventory;
}

/** Version of the envelope and of every event's `data` shape; a breaking change to either raises it. */
export const EVENT_VERSION = 1;

/** What travels beside an event's data: when, which version, which service, and what it belongs to. */
export interface EventMetadata {
  /** When the state change committed (ISO 8601). */
  timestamp: string;
  version: number;
  source: ServiceName;
  /** The order id where there is one, else the aggregate's own id (e.g. the user id). */
  correlationId: string;
  /** W3C trace context of the operation that changed the state, when it was traced. */
  traceparent?: string;
  /** The gateway's request id of the operation, when there was one. */
  requestId?: string;
}

/** The envelope every domain event travels in: id (derived from the business key), type, data, metadata. */
export interface DomainEvent<T = unknown> {
  id: string;
  type: EventType;
  data: T;
  metadata: EventMetadata;
}

/** `order.created`: the order is recorded (priced, PENDING). */
export interface OrderCreatedData {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
}

/** `order.confirmed`, `order.shipped`, `order.cancelled`, `order.failed`: the order reached that status. */
export interface OrderStatusChangedData {
  orderId: string;
  customerId: string;
  status: 'CONFIRMED' | 'SHIPPED' | 'CANCELLED' | 'FAILED';
  totalCents: number;
  failureReason?: FailureReason;
  trackingNumber?: string;
}

/** `user.created`: an account is registered (`createUser`); never carries the password hash. */
export interface UserCreatedData {
  userId: string;
  email: string;
  name: string;
  registrationId: string;
}

/** `payment.received`: the provider charged the order and the payments service recorded the charge. */
export interface PaymentReceivedData {
  orderId: string;
  /** The payments service's charge id. */
  chargeId: string;
  providerChargeId: string;
  amountCents: number;
  currency: string;
}

/** Why a charge failed for good: the provider declined the card, or refused the request itself (failure types). */
export const PAYMENT_FAILURE_REASONS = [ErrorTypes.PAYMENT_DECLINED, ErrorTypes.PAYMENT_PROVIDER_REJECTED] as const;

/** One of `PAYMENT_FAILURE_REASONS`. */
export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];

/** `payment.failed`: the provider declined or rejected the order's charge (no retry can take the money). */
export interface PaymentFailedData {
  orderId: string;
  amountCents: number;
  currency: string;
  /** The failure type the charge activity ends with. */
  reason: PaymentFailureReason;
  /** The provider's error code, when it gave one (e.g. `card_declined`). */
  code?: string;
}

/** `payment.refunded`: the order's charge was refunded at the provider and the refund recorded. */
export interface PaymentRefundedData {
  orderId: string;
  /** The payments service's refund id. */
  refundId: string;
  /** The payments service's id of the charge refunded. */
  chargeId: string;
  providerRefundId: string;
  amountCents: number;
  currency: string;
}

/** `stock.reserved`: the order's lines are held (its reservation is RESERVED). */
export interface StockReservedData {
  orderId: string;
  lines: OrderItemInput[];
}

/** What gave stock back: a reservation released (RESERVED -> RELEASED), or a committed order's stock returned. */
export const STOCK_RELEASE_REASONS = ['RESERVATION_RELEASED', 'ORDER_RESTOCKED'] as const;

/** One of `STOCK_RELEASE_REASONS`. */
export type StockReleaseReason = (typeof STOCK_RELEASE_REASONS)[number];

/** `stock.released`: the order's lines are available again (`reason` says which release). */
export interface StockReleasedData {
  orderId: string;
  lines: OrderItemInput[];
  reason: StockReleaseReason;
}

/** `stock.low`: the order's reservation took the product's available stock from `threshold` or more to below it. */
export interface StockLowData {
  productId: string;
  orderId: string;
  /** Units available after the reservation. */
  available: number;
  /** `STOCK_LOW_THRESHOLD` when the event was written. */
  threshold: number;
}

/**
 * Fields of one Redis stream entry as the outbox relay writes it: the event's id, type and correlation id (so a reader
 * can skip what is not its own without parsing), and the whole envelope as JSON.
 */
export const STREAM_ENTRY_FIELDS = {
  id: 'id',
  type: 'type',
  correlationId: 'correlationId',
  event: 'event',
} as const;

/** The consumer groups that react to events; each one sees every event of the streams it reads, once per group. */
export const CONSUMER_GROUPS = {
  /** The notifications service: emails from `order.*` and `user.created`. */
  notifications: 'notifications',
  /** The orders service: each order's event timeline. */
  orderTimeline: 'order-timeline',
} as const;

/** A consumer group's name. */
export type ConsumerGroup = (typeof CONSUMER_GROUPS)[keyof typeof CONSUMER_GROUPS];

/** One entry of an order's timeline (`GET /api/orders/:id/events`): an event about the order, in commit order. */
export interface OrderTimelineEntry {
  eventId: string;
  type: EventType;
  source: ServiceName;
  /** When the state change committed (ISO 8601). */
  occurredAt: string;
  data: unknown;
}

/** Server-Sent Events of `GET /api/orders/:id/stream`: the `event:` names the gateway sends. */
export const ORDER_STREAM_EVENTS = {
  /** The order's status: the current one at once, then each change. */
  status: 'status',
} as const;

/** `data:` of an `ORDER_STREAM_EVENTS.status` message (JSON). The stream closes after a final status. */
export interface OrderStreamStatus {
  orderId: string;
  status: OrderStatus;
  failureReason?: FailureReason;
  trackingNumber?: string;
  totalCents: number;
  /** The event that announced the change, or `snapshot` for the status read at connection. */
  cause: EventType | 'snapshot';
  /** When the status was reached or read (ISO 8601). */
  at: string;
}
