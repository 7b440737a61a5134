import { Migration } from '@mikro-orm/migrations';

/** Adds the transactional outbox of the orders service's domain events (`order.*`). */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox" (
      "id" varchar(36) not null,
      "type" varchar(50) not null,
      "aggregate_id" varchar(100) not null,
      "event" jsonb not null,
      "created_at" timestamptz not null,
      "published_at" timestamptz null,
      constraint "outbox_pkey" primary key ("id"))`);
    // what a relay reads: the unpublished rows, oldest first (commit order per aggregate)
    this.addSql('create index "outbox_unpublished_idx" on "outbox" ("created_at") where "published_at" is null');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "outbox"');
  }
}
