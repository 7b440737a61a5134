import { Migration } from '@mikro-orm/migrations';
import { CREATE_PROCESSED_EVENTS_SQL, DROP_PROCESSED_EVENTS_SQL } from '../../../lib/processed-events-table';

/** Adds each order's event timeline (`order_events`, the `order-timeline` consumer group's) and its processed ids. */
export class Migration20261204000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "order_events" (
      "event_id" varchar(36) not null,
      "order_id" varchar(100) not null,
      "type" varchar(50) not null,
      "source" varchar(32) not null,
      "occurred_at" timestamptz not null,
      "data" jsonb not null,
      constraint "order_events_pkey" primary key ("event_id"))`);
    this.addSql('create index "order_events_order_idx" on "order_events" ("order_id", "occurred_at")');
    for (const sql of CREATE_PROCESSED_EVENTS_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of DROP_PROCESSED_EVENTS_SQL) this.addSql(sql);
    this.addSql('drop table if exists "order_events"');
  }
}
