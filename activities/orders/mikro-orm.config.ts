import type { NamedMigration } from '../../lib/database';
import { OrderSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125010000 } from './migrations/Migration20261125010000';

/** Entities and ordered migrations of the orders database. */
export const ordersDatabase = {
  entities: [OrderSchema],
  migrations: [
    { name: 'Migration20261125000000', class: Migration20261125000000 },
    { name: 'Migration20261125010000', class: Migration20261125010000 },
  ] as NamedMigration[],
};
