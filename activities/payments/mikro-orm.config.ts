import type { NamedMigration } from '../../lib/database';
import { ChargeSchema, RefundSchema } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';

/** Entities and ordered migrations of the payments database. */
export const paymentsDatabase = {
  entities: [ChargeSchema, RefundSchema],
  migrations: [{ name: 'Migration20261125000000', class: Migration20261125000000 }] as NamedMigration[],
};
