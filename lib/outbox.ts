import { createHash } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { EVENT_VERSION, type DomainEvent, type EventType, type ServiceName } from '../contracts';
import { activityRequest } from './activity-request';
import type { TransactionalExecute } from './sql-transaction';

export type { TransactionalExecute } from './sql-transaction';

/**
 * The id of the event of `type` about `businessKey` (e.g. `order.confirmed` of order `o-1`): a UUID made from their
 * SHA-256, so a retried activity derives the same id and its second insert is a no-op.
 */
export function eventId(type: EventType, businessKey: string): string {
  const hex = createHash('sha256').update(`${type}\n${businessKey}`).digest('hex');
  // UUID version 8 (custom), RFC 9562 variant
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The W3C `traceparent` of the active span, when there is one. */
function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Where an event comes from and what it is about. */
export interface EventOrigin {
  source: ServiceName;
  /** The business key the event id derives from (e.g. the order id for a status change). */
  businessKey: string;
  /** The order id where there is one, else the aggregate's own id. */
  correlationId: string;
  /** When the state change committed. */
  timestamp: Date;
}

/** An event in the platform's envelope, with the trace and request of the running operation in its metadata. */
export function domainEvent<T>(type: EventType, data: T, origin: EventOrigin): DomainEvent<T> {
  const traceparent = activeTraceparent();
  const requestId = activityRequest.getStore()?.requestId;
  return {
    id: eventId(type, origin.businessKey),
    type,
    data,
    metadata: {
      timestamp: origin.timestamp.toISOString(),
      version: EVENT_VERSION,
      source: origin.source,
      correlationId: origin.correlationId,
      ...(traceparent ? { traceparent } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}

/** The channel a commit with new outbox rows notifies (`pg_notify`), so the relay publishes at once instead of polling. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * Writes `event` to the service's `outbox` table with `execute`, which must run in the transaction of the state change
 * it describes; an event already there (same id: a retry) is left as it is. A new row also notifies `OUTBOX_CHANNEL`,
 * which PostgreSQL delivers when the transaction commits.
 */
export async function writeOutboxEvent(
  execute: TransactionalExecute,
  event: DomainEvent,
  aggregateId: string,
): Promise<void> {
  await execute(
    `with inserted as (
       insert into outbox (id, type, aggregate_id, event, created_at)
       values (?, ?, ?, ?::jsonb, clock_timestamp())
       on conflict (id) do nothing
       returning id)
     select pg_notify('${OUTBOX_CHANNEL}', '') from inserted`,
    [event.id, event.type, aggregateId, JSON.stringify(event)],
  );
}
