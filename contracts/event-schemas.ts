import { z } from 'zod';
import { EVENT_TYPES, EVENT_VERSION, type DomainEvent, type EventType } from './events';
import { FAILURE_REASONS } from './orders';
import { SERVICE_NAMES } from './services';

// The schema of every event the platform emits: the envelope, and the `data` of each type. Not exported from
// contracts/index.ts, so no zod reaches the workflow bundle. A test (activities/events.int.test.ts) checks each event
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

/** The schema of each event type the platform emits so far (the orders service's). */
export const EVENT_SCHEMAS = {
  [EVENT_TYPES.orderCreated]: envelope(
    EVENT_TYPES.orderCreated,
    z.strictObject({
      orderId: id,
      customerId: id,
      items: z.array(orderLine).min(1),
      totalCents: cents,
      currency: z.string().length(3),
    }),
  ),
  [EVENT_TYPES.orderConfirmed]: envelope(EVENT_TYPES.orderConfirmed, orderStatusChanged('CONFIRMED')),
  [EVENT_TYPES.orderShipped]: envelope(EVENT_TYPES.orderShipped, orderStatusChanged('SHIPPED')),
  [EVENT_TYPES.orderCancelled]: envelope(EVENT_TYPES.orderCancelled, orderStatusChanged('CANCELLED')),
  [EVENT_TYPES.orderFailed]: envelope(EVENT_TYPES.orderFailed, orderStatusChanged('FAILED')),
} satisfies Partial<Record<EventType, z.ZodType>>;

/** The problems of `event` against its type's schema (none when it matches); an unknown type is one problem. */
export function eventSchemaProblems(event: DomainEvent | Record<string, unknown>): string[] {
  const schema = EVENT_SCHEMAS[(event as { type?: string }).type as keyof typeof EVENT_SCHEMAS] as
    z.ZodType | undefined;
  if (!schema) return [`no schema for event type ${JSON.stringify((event as { type?: unknown }).type)}`];
  const result = schema.safeParse(event);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
}
