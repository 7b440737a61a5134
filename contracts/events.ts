import type { ServiceName } from './services';
import type { FailureReason, OrderLine } from './orders';

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
