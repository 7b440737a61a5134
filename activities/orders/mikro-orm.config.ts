import { defineConfig } from '@mikro-orm/postgresql';
import { envDatabaseUrl, ormOptions, type ServiceDatabase } from '../../lib/database';
import { Order } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125010000 } from './migrations/Migration20261125010000';

/** Entities and ordered migrations of the orders database (what the worker opens and migrates). */
export const ordersDatabase: ServiceDatabase = {
  entities: [Order],
  migrations: [
    { name: 'Migration20261125000000', class: Migration20261125000000 },
    { name: 'Migration20261125010000', class: Migration20261125010000 },
  ],
};

/** MikroORM config of the orders database (MikroORM CLI, tests): its URL from `ORDERS_DATABASE_URL`. */
export default defineConfig(ormOptions({ clientUrl: envDatabaseUrl('orders'), ...ordersDatabase }));
