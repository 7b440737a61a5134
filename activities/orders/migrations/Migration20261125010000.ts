import { Migration } from '@mikro-orm/migrations';

/** Adds the tracking number a shipped order carries. */
export class Migration20261125010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "orders" add column "tracking_number" varchar(100) null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders" drop column if exists "tracking_number"');
  }
}
