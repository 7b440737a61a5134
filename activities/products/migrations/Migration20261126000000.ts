import { Migration } from '@mikro-orm/migrations';

/** Creates `price_changes`: one row per applied change id (the idempotency key of `changePrice`). */
export class Migration20261126000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "price_changes" (
      "change_id" varchar(100) primary key,
      "product_id" varchar(64) not null references "products" ("id"),
      "old_price_cents" integer not null,
      "new_price_cents" integer not null check ("new_price_cents" >= 0),
      "created_at" timestamptz not null default now())`);
    this.addSql('create index "price_changes_product_id_idx" on "price_changes" ("product_id", "created_at")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "price_changes"');
  }
}
