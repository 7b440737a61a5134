import { MikroORM, type EntitySchema, type Constructor } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator, type Migration } from '@mikro-orm/migrations';

/** A migration class with its stable name, as listed by each service's mikro-orm config. */
export interface NamedMigration {
  name: string;
  class: Constructor<Migration>;
}

/** What a service needs to open its own database. */
export interface DatabaseOptions {
  /** postgres:// URL with the service's own login role. */
  clientUrl: string;
  entities: EntitySchema[];
  migrations: NamedMigration[];
  debug?: boolean;
}

/** MikroORM options of a service: explicit entities and an explicit migration list (no file globbing). */
export function ormOptions(opts: DatabaseOptions) {
  return {
    driver: PostgreSqlDriver,
    clientUrl: opts.clientUrl,
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
