import { Migration } from '@mikro-orm/migrations';

/** Creates `restocks`: one row per applied restock id (the idempotency key of `restockProduct`), its answer kept. */
export class Migration20261201000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "restocks" (
      "restock_id" varchar(100) primary key,
      "product_id" varchar(64) not null references "stock_items" ("product_id"),
      "quantity" integer not null check ("quantity" between 1 and 100000),
      "available_after" integer not null check ("available_after" >= "quantity"),
      "created_at" timestamptz not null default now())`);
    this.addSql('create index "restocks_product_id_index" on "restocks" ("product_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "restocks"');
  }
}
