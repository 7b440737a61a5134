import { Migration } from '@mikro-orm/migrations';
import { CREATE_PROCESSED_EVENTS_SQL, DROP_PROCESSED_EVENTS_SQL } from '../../../lib/processed-events-table';

/** Adds the memory of the events the notifications consumer group has handled (`processed_events`). */
export class Migration20261204000000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of CREATE_PROCESSED_EVENTS_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of DROP_PROCESSED_EVENTS_SQL) this.addSql(sql);
  }
}
