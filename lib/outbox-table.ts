// The `outbox` table every event-publishing service keeps in its own database: one entity definition and one migration
// SQL, so the orders, users, payments and inventory outboxes stay the same table the relay reads
// (`select id, type, aggregate_id, event, created_at from outbox where published_at is null order by created_at, id`).
import { defineEntity, p } from '@mikro-orm/core';
import type { DomainEvent } from '../contracts';

/**
 * A fresh definition of table `outbox`: a service's domain events, each written in the transaction of the change it
 * describes (`lib/outbox.ts`); `published_at` stays null until a relay has published it. A factory, not a shared
 * schema object, so each service's MikroORM owns the metadata it discovers.
 */
export const defineOutboxEntity = () =>
  defineEntity({
    name: 'OutboxEvent',
    tableName: 'outbox',
    properties: {
      id: p.string().primary(),
      type: p.string(),
      aggregateId: p.string(),
      event: p.json<DomainEvent>(),
      createdAt: p.datetime(),
      publishedAt: p.datetime().nullable(),
    },
  });

/** The statements that create `outbox` and the index of its unpublished rows (a migration's `up`). */
export const CREATE_OUTBOX_SQL: readonly string[] = [
  `create table "outbox" (
      "id" varchar(36) not null,
      "type" varchar(50) not null,
      "aggregate_id" varchar(100) not null,
      "event" jsonb not null,
      "created_at" timestamptz not null,
      "published_at" timestamptz null,
      constraint "outbox_pkey" primary key ("id"))`,
  // what a relay reads: the unpublished rows, oldest first (commit order per aggregate)
  'create index "outbox_unpublished_idx" on "outbox" ("created_at") where "published_at" is null',
];

/** The statement that drops `outbox` (a migration's `down`). */
export const DROP_OUTBOX_SQL: readonly string[] = ['drop table if exists "outbox"'];
