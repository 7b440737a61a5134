import { Migration } from '@mikro-orm/migrations';

/** Creates the notifications table. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notifications" (
      "id" uuid primary key,
      "idempotency_key" varchar(200) not null,
      "channel" varchar(16) not null,
      "recipient" varchar(320) not null,
      "template" varchar(64) not null,
      "payload" jsonb not null default '{}',
      "status" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      constraint "notifications_idempotency_key_unique" unique ("idempotency_key"))`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notifications"');
  }
}
