import { Migration } from '@mikro-orm/migrations';

/** Creates the charges and refunds tables. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "charges" (
      "id" uuid primary key,
      "order_id" varchar(100) not null,
      "business_key" varchar(200) not null,
      "provider_charge_id" varchar(64) not null,
      "amount_cents" integer not null check ("amount_cents" > 0),
      "currency" char(3) not null,
      "status" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      constraint "charges_business_key_unique" unique ("business_key"))`);
    this.addSql('create index "charges_order_id_index" on "charges" ("order_id")');
    this.addSql(`create table "refunds" (
      "id" uuid primary key,
      "order_id" varchar(100) not null,
      "business_key" varchar(200) not null,
      "charge_id" uuid not null references "charges" ("id"),
      "provider_refund_id" varchar(64) not null,
      "amount_cents" integer not null check ("amount_cents" > 0),
      "created_at" timestamptz not null default now(),
      constraint "refunds_business_key_unique" unique ("business_key"))`);
    this.addSql('create index "refunds_order_id_index" on "refunds" ("order_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "refunds"');
    this.addSql('drop table if exists "charges"');
  }
}
