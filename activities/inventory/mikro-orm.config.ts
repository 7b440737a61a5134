import type { NamedMigration } from '../../lib/database';
import { StockItemSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the inventory database. */
export const inventoryDatabase = {
  entities: [StockItemSchema],
  migrations: [{ name: 'Migration20261125000000', class: Migration20261125000000 }] as NamedMigration[],
};
