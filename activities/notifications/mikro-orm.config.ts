import type { NamedMigration } from '../../lib/database';
import { NotificationSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the notifications database. */
export const notificationsDatabase = {
  entities: [NotificationSchema],
  migrations: [{ name: 'Migration20261125000000', class: Migration20261125000000 }] as NamedMigration[],
};
