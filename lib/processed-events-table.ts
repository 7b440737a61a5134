// The `processed_events` table every consuming service keeps in its own database: what each of its consumer groups has
// handled, written in the transaction of the effect (lib/event-consumer.ts), so a redelivered event has no second effect.
import { defineEntity, p } from '@mikro-orm/core';

/** A fresh definition of table `processed_events` (a factory, so each service's MikroORM owns its metadata). */
export const defineProcessedEventEntity = () =>
  defineEntity({
    name: 'ProcessedEvent',
    tableName: 'processed_events',
    properties: {
      consumerGroup: p.string().primary(),
      eventId: p.string().primary(),
      streamId: p.string(),
      processedAt: p.datetime(),
    },
  });

/** The statements that create `processed_events` (a migration's `up`). */
export const CREATE_PROCESSED_EVENTS_SQL: readonly string[] = [
  `create table "processed_events" (
      "consumer_group" varchar(64) not null,
      "event_id" varchar(36) not null,
      "stream_id" varchar(40) not null,
      "processed_at" timestamptz not null,
      constraint "processed_events_pkey" primary key ("consumer_group", "event_id"))`,
];

/** The statement that drops `processed_events` (a migration's `down`). */
export const DROP_PROCESSED_EVENTS_SQL: readonly string[] = ['drop table if exists "processed_events"'];
