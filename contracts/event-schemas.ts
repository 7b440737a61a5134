import { z } from 'zod';
import {
  EVENT_TYPES,
  EVENT_VERSION,
  PAYMENT_FAILURE_REASONS,
  STOCK_RELEASE_REASONS,
  type DomainEvent,
  type EventType,
} from './events';
import { FAILURE_REASONS } from './orders';
import { chars, Email } from './request-schemas';
import { SERVICE_NAMES } from './services';

// The schema of every event the platform emits: the envelope, and the `data` of each type. Not exported from
// contracts/index.ts, so no zod reaches the workflow bundle. The outbox tests of each service (`activities/<service>/*.int.test.ts`) check each event
// a service writes against these.

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(100);
const cents = z.number().int().min(0);

/** The envelope of every event (strict: an unknown field is a schema failure). */
const envelope = <T extends z.ZodType>(type: EventType, data: T) =>
  z.strictObject({
    id: z.uuid(),
    type: z.literal(type),
    data,
    metadata: z.strictObject({
      timestamp: isoTime,
      version: z.literal(EVENT_VERSION),
      source: z.enum(SERVICE_NAMES),
      correlationId: id,
      traceparent: z
        .string()
        .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/)
        .optional(),
      requestId: z.string().min(1).max(128).optional(),
    }),
  });

const currency = z.string().length(3);

const stockLine = z.strictObject({ productId: id, quantity: z.number().int().min(1) });

const orderLine = z.strictObject({
  productId: id,
  quantity: z.number().int().min(1),
  unitPriceCents: cents,
});

const orderStatusChanged = <S extends 'CONFIRMED' | 'SHIPPED' | 'CANCELLED' | 'FAILED'>(status: S) =>
  z.strictObject({
    orderId: id,
    customerId: id,
    status: z.literal(status),
    totalCents: cents,
    failureReason: z.enum(FAILURE_REASONS).optional(),
    trackingNumber: z.string().min(1).max(100).optional(),
  });

/** The schema of each event type the platform emits: one for every `EVENT_TYPES` member (the compiler checks). */
export const EVENT_SCHEMAS = {
  [EVENT_TYPES.orderCreated]: envelope(
    EVENT_TYPES.orderCreated,
    z.strictObject({
      orderId: id,
      customerId: id,
      items: z.array(orderLine).min(1),
      totalCents: cents,
      currency,
    }),
  ),
  [EVENT_TYPES.orderConfirmed]: envelope(EVENT_TYPES.orderConfirmed, orderStatusChanged('CONFIRMED')),
  [EVENT_TYPES.orderShipped]: envelope(EVENT_TYPES.orderShipped, orderStatusChanged('SHIPPED')),
  [EVENT_TYPES.orderCancelled]: envelope(EVENT_TYPES.orderCancelled, orderStatusChanged('CANCELLED')),
  [EVENT_TYPES.orderFailed]: envelope(EVENT_TYPES.orderFailed, orderStatusChanged('FAILED')),
  [EVENT_TYPES.userCreated]: envelope(
    EVENT_TYPES.userCreated,
    z.strictObject({
      userId: z.uuid(),
      email: Email,
      name: chars(1, 200),
      registrationId: id,
    }),
  ),
  [EVENT_TYPES.paymentReceived]: envelope(
    EVENT_TYPES.paymentReceived,
    z.strictObject({ orderId: id, chargeId: z.uuid(), providerChargeId: id, amountCents: cents, currency }),
  ),
  [EVENT_TYPES.paymentFailed]: envelope(
    EVENT_TYPES.paymentFailed,
    z.strictObject({
      orderId: id,
      amountCents: z.number().int(),
      currency: z.string().min(1).max(16),
      reason: z.enum(PAYMENT_FAILURE_REASONS),
      code: z.string().min(1).max(100).optional(),
    }),
  ),
  [EVENT_TYPES.paymentRefunded]: envelope(
    EVENT_TYPES.paymentRefunded,
    z.strictObject({
      orderId: id,
      refundId: z.uuid(),
      chargeId: z.uuid(),
      providerRefundId: id,
      amountCents: cents,
      currency,
    }),
  ),
  [EVENT_TYPES.stockReserved]: envelope(
    EVENT_TYPES.stockReserved,
    z.strictObject({ orderId: id, lines: z.array(stockLine).min(1) }),
  ),
  [EVENT_TYPES.stockReleased]: envelope(
    EVENT_TYPES.stockReleased,
    z.strictObject({ orderId: id, lines: z.array(stockLine).min(1), reason: z.enum(STOCK_RELEASE_REASONS) }),
  ),
  [EVENT_TYPES.stockLow]: envelope(
    EVENT_TYPES.stockLow,
    z.strictObject({
      productId: id,
      orderId: id,
      available: z.number().int().min(0),
      threshold: z.number().int().min(1),
    }),
  ),
} satisfies Record<EventType, z.ZodType>;

/** The problems of `event` against its type's schema (none when it matches); an unknown type is one problem. */
export function eventSchemaProblems(event: DomainEvent | Record<string, unknown>): string[] {
  const schema = EVENT_SCHEMAS[(event as { type?: string }).type as keyof typeof EVENT_SCHEMAS] as
    z.ZodType | undefined;
  if (!schema) return [`no schema for event type ${JSON.stringify((event as { type?: unknown }).type)}`];
  const result = schema.safeParse(event);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
}
