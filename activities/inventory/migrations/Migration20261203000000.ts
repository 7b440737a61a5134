import { Migration } from '@mikro-orm/migrations';
import { CREATE_OUTBOX_SQL, DROP_OUTBOX_SQL } from '../../../lib/outbox-table';

/** Adds the transactional outbox of the inventory service's domain events (`stock.*`). */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of CREATE_OUTBOX_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of DROP_OUTBOX_SQL) this.addSql(sql);
  }
}
