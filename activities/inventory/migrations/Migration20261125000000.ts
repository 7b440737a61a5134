import { Migration } from '@mikro-orm/migrations';

/** Creates the stock table; stock can never go negative. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "stock_items" (
      "product_id" varchar(64) primary key,
      "available" integer not null check ("available" >= 0),
      "reserved" integer not null default 0 check ("reserved" >= 0),
      "updated_at" timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "stock_items"');
  }
}
