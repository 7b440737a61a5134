import type { NamedMigration } from '../../lib/database';
import { ProductSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the products database. */
export const productsDatabase = {
  entities: [ProductSchema],
  migrations: [{ name: 'Migration20261125000000', class: Migration20261125000000 }] as NamedMigration[],
};
