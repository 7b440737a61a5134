import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { Charge, OutboxEvent, Refund } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261203000000 } from './migrations/Migration20261203000000';

/** Entities and ordered migrations of the payments database (what the worker opens and migrates). */
export const paymentsDatabase = serviceDatabase(
  [Charge, Refund, OutboxEvent],
  [Migration20261125000000, Migration20261203000000],
);

/** MikroORM config of the payments database (MikroORM CLI, tests): its URL from `PAYMENTS_DATABASE_URL`. */
export default serviceOrmConfig('payments', paymentsDatabase);
