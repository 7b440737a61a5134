import { Migration } from '@mikro-orm/migrations';

/** Creates the orders table. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "orders" (
      "id" varchar(64) primary key,
      "customer_id" varchar(64) not null,
      "idempotency_key" varchar(200) not null,
      "request_hash" varchar(64) not null,
      "status" varchar(32) not null,
      "failure_reason" varchar(32) null,
      "items" jsonb not null,
      "total_cents" integer not null check ("total_cents" >= 0),
      "currency" char(3) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "orders_customer_key_unique" unique ("customer_id", "idempotency_key"))`);
    this.addSql('create index "orders_customer_created_idx" on "orders" ("customer_id", "created_at" desc)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "orders"');
  }
}
