import { defineConfig } from '@mikro-orm/postgresql';
import { envDatabaseUrl, ormOptions, type ServiceDatabase } from '../../lib/database';
import { Charge, Refund } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the payments database (what the worker opens and migrates). */
export const paymentsDatabase: ServiceDatabase = {
  entities: [Charge, Refund],
  migrations: [
    { name: 'Migration20261125000000', class: Migration20261125000000 },
  ],
};

/** MikroORM config of the payments database (MikroORM CLI, tests): its URL from `PAYMENTS_DATABASE_URL`. */
export default defineConfig(ormOptions({ clientUrl: envDatabaseUrl('payments'), ...paymentsDatabase }));
