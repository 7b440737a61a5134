import type { MikroORM } from '@mikro-orm/core';
import type { ServiceName } from '../../contracts';
import { openDatabase, type ServiceDatabase } from '../../lib/database';
import { databaseUrl, postgresLayout } from '../../scripts/stack/postgres';
import { testSecrets } from './databases';
import { testConfig } from './test-env';

/** Opens a service's real database in the integration stack's cluster, as that service's own role. */
export function openServiceDatabase(service: ServiceName, database: ServiceDatabase): Promise<MikroORM> {
  return openDatabase({ clientUrl: databaseUrl(postgresLayout(testConfig()), testSecrets(), service), ...database });
}
