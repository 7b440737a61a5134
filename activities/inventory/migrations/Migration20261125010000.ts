import { Migration } from '@mikro-orm/migrations';

/** Adds sold stock, order reservations and the ledger of business keys (`<orderId>:reserve|release|commit|restock`). */
export class Migration20261125010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "stock_items" add column "sold" integer not null default 0 check ("sold" >= 0)');
    this.addSql(`create table "reservations" (
      "order_id" varchar(100) primary key,
      "lines" jsonb not null,
      "state" varchar(16) not null check ("state" in ('RESERVED', 'RELEASED', 'COMMITTED', 'RESTOCKED')),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now())`);
    this.addSql(`create table "stock_ledger" (
      "business_key" varchar(200) primary key,
      "order_id" varchar(100) not null,
      "created_at" timestamptz not null default now())`);
    this.addSql('create index "stock_ledger_order_id_index" on "stock_ledger" ("order_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "stock_ledger"');
    this.addSql('drop table if exists "reservations"');
    this.addSql('alter table "stock_items" drop column if exists "sold"');
  }
}
