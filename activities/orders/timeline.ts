import {
  CONSUMER_GROUPS,
  EVENT_STREAMS,
  type DomainEvent,
  type EventType,
  type OrderTimelineEntry,
  type ServiceName,
} from '../../contracts';
import type { ConsumerDefinition } from '../../lib/event-consumer';
import type { OrderEvent } from './entities';

/** Event types that are not about one order (their correlation id is not an order id). */
const NOT_ABOUT_AN_ORDER: ReadonlySet<EventType> = new Set<EventType>(['user.created']);

/**
 * The `order-timeline` consumer group: every event about an order (from the orders, payments and inventory streams)
 * stored under the order's id, so `GET /orders/:id/events` answers the order's story from one table.
 */
export function orderTimelineConsumer(): ConsumerDefinition {
  return {
    group: CONSUMER_GROUPS.orderTimeline,
    streams: [EVENT_STREAMS.orders, EVENT_STREAMS.payments, EVENT_STREAMS.inventory],
    async handle(event: DomainEvent, execute) {
      if (NOT_ABOUT_AN_ORDER.has(event.type)) return;
      const { correlationId, source, timestamp } = event.metadata;
      await execute(
        `insert into order_events (event_id, order_id, type, source, occurred_at, data)
         values (?, ?, ?, ?, ?, ?::jsonb) on conflict (event_id) do nothing`,
        [event.id, correlationId, event.type, source, timestamp, JSON.stringify(event.data)],
      );
    },
  };
}

/** A timeline row as the API gives it. */
export const toTimelineEntry = (row: OrderEvent): OrderTimelineEntry => ({
  eventId: row.eventId,
  type: row.type,
  source: row.source as ServiceName,
  occurredAt: row.occurredAt.toISOString(),
  data: row.data,
});
