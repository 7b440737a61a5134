import type { MikroORM } from '@mikro-orm/core';
import type { ServiceName } from '../../contracts';
import { openDatabase, type NamedMigration } from '../../lib/database';
import { databaseUrl, postgresLayout } from '../../scripts/stack/postgres';
import type { EntitySchema } from '@mikro-orm/core';
import { testSecrets } from './databases';
import { testConfig } from './test-env';

/** Opens a service's real database in the integration stack's cluster, as that service's own role. */
export function openServiceDatabase(service: ServiceName, database: { entities: EntitySchema[]; migrations: NamedMigration[] }): Promise<MikroORM> {
  return openDatabase({ clientUrl: databaseUrl(postgresLayout(testConfig()), testSecrets(), service), ...database });
}
