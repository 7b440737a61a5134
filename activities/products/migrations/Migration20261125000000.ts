import { Migration } from '@mikro-orm/migrations';

/** Creates the products table. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "products" (
      "id" varchar(64) primary key,
      "name" varchar(200) not null,
      "description" text not null default '',
      "price_cents" integer not null check ("price_cents" >= 0),
      "currency" char(3) not null,
      "updated_at" timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "products"');
  }
}
