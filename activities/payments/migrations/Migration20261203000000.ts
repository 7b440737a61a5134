import { Migration } from '@mikro-orm/migrations';
import { CREATE_OUTBOX_SQL, DROP_OUTBOX_SQL } from '../../../lib/outbox-table';

/**
 * Adds the transactional outbox of the payments service's domain events (`payment.*`), and `charge_failures`: one row
 * per order whose charge the provider declined or rejected (business key `<orderId>:charge`), written with its
 * `payment.failed`.
 */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of CREATE_OUTBOX_SQL) this.addSql(sql);
    this.addSql(`create table "charge_failures" (
      "business_key" varchar(200) primary key,
      "order_id" varchar(100) not null,
      "amount_cents" integer not null,
      "currency" varchar(16) not null,
      "reason" varchar(32) not null,
      "code" varchar(100) null,
      "created_at" timestamptz not null default now())`);
    this.addSql('create index "charge_failures_order_id_index" on "charge_failures" ("order_id")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "charge_failures"');
    for (const sql of DROP_OUTBOX_SQL) this.addSql(sql);
  }
}
