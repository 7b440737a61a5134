import type { NamedMigration } from '../../lib/database';
import { PriceChangeSchema, ProductSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261126000000 } from './migrations/Migration20261126000000';

/** Entities and ordered migrations of the products database. */
export const productsDatabase = {
  entities: [ProductSchema, PriceChangeSchema],
  migrations: [
    { name: 'Migration20261125000000', class: Migration20261125000000 },
    { name: 'Migration20261126000000', class: Migration20261126000000 },
  ] as NamedMigration[],
};
