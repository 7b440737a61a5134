import { defineConfig } from '@mikro-orm/postgresql';
import { envDatabaseUrl, ormOptions, type ServiceDatabase } from '../../lib/database';
import { Reservation, StockItem } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125010000 } from './migrations/Migration20261125010000';

/** Entities and ordered migrations of the inventory database (what the worker opens and migrates). */
export const inventoryDatabase: ServiceDatabase = {
  entities: [StockItem, Reservation],
  migrations: [
    { name: 'Migration20261125000000', class: Migration20261125000000 },
    { name: 'Migration20261125010000', class: Migration20261125010000 },
  ],
};

/** MikroORM config of the inventory database (MikroORM CLI, tests): its URL from `INVENTORY_DATABASE_URL`. */
export default defineConfig(ormOptions({ clientUrl: envDatabaseUrl('inventory'), ...inventoryDatabase }));
