import { z } from 'zod';
import {
  EVENT_TYPES,
  FAILURE_REASONS,
  FINAL_STATUSES,
  type EventType,
  type OrderDto,
  type OrderStatus,
  type OrderStreamStatus,
} from '../../contracts';

// What the live order stream sends: an order's status from its record (the snapshot) or from an `events.orders` entry,
// and which of them to send at all. Pure.

/**
 * How far along each status is. An order only moves forward (PENDING → AWAITING_APPROVAL → CONFIRMED → a final status),
 * so a status ranking at or below the last one sent is a duplicate or a late event, never news.
 */
const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 0,
  AWAITING_APPROVAL: 1,
  CONFIRMED: 2,
  SHIPPED: 3,
  CANCELLED: 3,
  FAILED: 3,
};

/** The rank of `status`: higher is further along; every final status ranks highest. */
export const statusRank = (status: OrderStatus): number => STATUS_RANK[status];

/** True for SHIPPED, CANCELLED and FAILED: nothing follows them. */
export const isFinalStatus = (status: OrderStatus): boolean => FINAL_STATUSES.includes(status);

/**
 * Decides which statuses one stream sends: a status only when it ranks above the last one sent (no duplicate, no
 * regression), and nothing after a final status. `seed` is a status the client already has (from its Last-Event-ID).
 */
export class StatusGate {
  private last: OrderStatus | undefined;

  constructor(seed?: OrderStatus) {
    this.last = seed;
  }

  /** The last status sent (or the seed). */
  get lastStatus(): OrderStatus | undefined {
    return this.last;
  }

  /** True once a final status was sent (or seeded): the stream is over. */
  get finished(): boolean {
    return this.last !== undefined && isFinalStatus(this.last);
  }

  /** True when `status` is to be sent (and then counts as sent). */
  admit(status: OrderStatus): boolean {
    if (this.last !== undefined && (this.finished || statusRank(status) <= statusRank(this.last))) return false;
    this.last = status;
    return true;
  }
}

/** The status each order event announces. */
const STATUS_OF_EVENT = {
  [EVENT_TYPES.orderCreated]: 'PENDING',
  [EVENT_TYPES.orderConfirmed]: 'CONFIRMED',
  [EVENT_TYPES.orderShipped]: 'SHIPPED',
  [EVENT_TYPES.orderCancelled]: 'CANCELLED',
  [EVENT_TYPES.orderFailed]: 'FAILED',
} as const satisfies Partial<Record<EventType, OrderStatus>>;

const ORDER_EVENT_TYPES = Object.keys(STATUS_OF_EVENT) as (keyof typeof STATUS_OF_EVENT)[];

/**
 * The fields of an order event the stream reads. Open objects: a field a later version adds does not hide the event
 * (contracts/event-schemas.ts holds the strict schemas the producers are tested against).
 */
const OrderEventFields = z.object({
  type: z.enum(ORDER_EVENT_TYPES),
  data: z.object({
    orderId: z.string(),
    totalCents: z.number().int().min(0),
    failureReason: z.enum(FAILURE_REASONS).optional(),
    trackingNumber: z.string().optional(),
  }),
  metadata: z.object({ timestamp: z.string() }),
});

/**
 * The status an event (the envelope as JSON text, as a stream entry carries it) announces for `orderId`; undefined for
 * an event of another type or order, or one that does not parse.
 */
export function statusOfEvent(eventJson: string, orderId: string): OrderStreamStatus | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(eventJson);
  } catch {
    return undefined;
  }
  const parsed = OrderEventFields.safeParse(raw);
  if (!parsed.success || parsed.data.data.orderId !== orderId) return undefined;
  const { type, data, metadata } = parsed.data;
  return {
    orderId,
    status: STATUS_OF_EVENT[type],
    ...(data.failureReason ? { failureReason: data.failureReason } : {}),
    ...(data.trackingNumber ? { trackingNumber: data.trackingNumber } : {}),
    totalCents: data.totalCents,
    cause: type,
    at: metadata.timestamp,
  };
}

/** The status of the order record read when the stream opens (`cause: snapshot`, `at`: when the record last changed). */
export const snapshotStatus = (order: OrderDto): OrderStreamStatus => ({
  orderId: order.orderId,
  status: order.status,
  ...(order.failureReason ? { failureReason: order.failureReason } : {}),
  ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
  totalCents: order.totalCents,
  cause: 'snapshot',
  at: order.updatedAt,
});
