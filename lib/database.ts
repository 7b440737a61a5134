import { MikroORM, type Constructor, type EntitySchema } from '@mikro-orm/core';
import { PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import { Client } from 'pg';
import type { ServiceName } from '../contracts';
import { envKey } from './config';

/** A migration class with its stable name, as listed by each service's mikro-orm config. */
export interface NamedMigration {
  name: string;
  class: Constructor<Migration>;
}

/** A service's database as its folder declares it (`activities/<service>/mikro-orm.config.ts`). */
export interface ServiceDatabase {
  /** The entities of `activities/<service>/entities.ts` (each a `defineEntity` schema). */
  entities: EntitySchema[];
  /** Every migration of `activities/<service>/migrations/`, oldest first. */
  migrations: NamedMigration[];
}

/** What a service needs to open its own database. */
export interface DatabaseOptions extends ServiceDatabase {
  /** postgres:// URL with the service's own login role. */
  clientUrl: string;
  debug?: boolean;
}

/**
 * MikroORM options of a service: explicit entities and an explicit migration list (no file globbing). `clientUrl` may
 * be unset where a config file is read without the service's environment; MikroORM then refuses to open it.
 */
export function ormOptions(opts: Omit<DatabaseOptions, 'clientUrl'> & { clientUrl?: string }): Options {
  return {
    driver: PostgreSqlDriver,
    ...(opts.clientUrl ? { clientUrl: opts.clientUrl } : {}),
    entities: opts.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    debug: opts.debug ?? false,
    allowGlobalContext: false,
    pool: { min: 0, max: 10, acquireTimeoutMillis: 5_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 3_000 } },
    migrations: { migrationsList: opts.migrations, transactional: true, allOrNothing: true, snapshot: false },
  };
}

/** A service's database from its entities and its migration classes, oldest first (each listed under its class name). */
export const serviceDatabase = (entities: EntitySchema[], migrations: Constructor<Migration>[]): ServiceDatabase => ({
  entities,
  migrations: migrations.map((migration) => ({ name: migration.name, class: migration })),
});

/** The MikroORM config of a service's database (MikroORM's CLI, tests): its URL from `<SERVICE>_DATABASE_URL`. */
export const serviceOrmConfig = (service: ServiceName, database: ServiceDatabase): Options =>
  ormOptions({ clientUrl: envDatabaseUrl(service), ...database });

/** A service's database URL from its environment variable (`ORDERS_DATABASE_URL`, ...; `npm start` sets it), if any. */
export const envDatabaseUrl = (service: ServiceName, env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env[envKey(service, 'DATABASE_URL')] || undefined;

/** Opens a service's database and applies its pending migrations; throws (leaving no pool open) when either fails. */
export async function openDatabase(opts: DatabaseOptions): Promise<MikroORM<PostgreSqlDriver>> {
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(opts));
  try {
    const check = await orm.checkConnection();
    if (!check.ok) throw new Error(check.reason);
    await orm.getMigrator().up();
    return orm;
  } catch (err) {
    await orm.close(true);
    throw err;
  }
}

/**
 * Key of the session advisory lock a service process holds while it migrates and seeds its database, so that replicas
 * starting together (WORKER_REPLICAS) do it one after another: the second finds the migrations applied and the seed there.
 */
export const MIGRATION_LOCK_KEY = 0x6d6967726174; // "migrat"

/**
 * Runs `work` holding the migration lock of the database at `clientUrl`, on a connection of its own (released when
 * `work` ends or throws, and by PostgreSQL when the process dies).
 */
export async function withMigrationLock<T>(clientUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: clientUrl, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined); // a server restart mid-work fails `work`, not the process
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await client.end().catch(() => undefined); // ends the session, which releases the lock
  }
}

/** Readiness probe of a database: a round trip within `timeoutMs`. */
export async function pingDatabase(orm: MikroORM<PostgreSqlDriver>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([orm.em.getConnection().execute('select 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
