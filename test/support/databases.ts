import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { ServiceName } from '../../contracts';
import type { PostgresSecrets } from '../../scripts/stack/postgres';
import { testConfig } from './test-env';

/** Generated passwords of the test cluster. */
export const testSecrets = (): PostgresSecrets =>
  JSON.parse(readFileSync(path.join(testConfig().DATA_DIR, 'secrets', 'postgres.json'), 'utf8')) as PostgresSecrets;

/** Runs one query on `database` as the login role `role` (defaults to the database's own role). */
export async function query<T = Record<string, unknown>>(
  database: ServiceName,
  sql: string,
  params: unknown[] = [],
  role: ServiceName = database,
): Promise<T[]> {
  const client = new Client({
    host: '127.0.0.1',
    port: testConfig().POSTGRES_PORT,
    user: role,
    password: testSecrets().roles[role],
    database,
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
