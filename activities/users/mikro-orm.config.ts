import type { NamedMigration } from '../../lib/database';
import { UserSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the users database. */
export const usersDatabase = {
  entities: [UserSchema],
  migrations: [{ name: 'Migration20261125000000', class: Migration20261125000000 }] as NamedMigration[],
};
