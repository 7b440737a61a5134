// Each service's `mikro-orm.config.ts` is a real MikroORM config: MikroORM accepts it and discovers its entities
// without a database, it reads its URL from the service's variable, and it lists exactly its own entities and
// migrations.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import { SERVICE_NAMES, type ServiceName } from '../contracts';
import { envKey } from '../lib/config';
import type { NamedMigration, ServiceDatabase } from '../lib/database';

/** The tables each service's entities map (its migrations may make more, e.g. inventory's `stock_ledger`). */
const TABLES: Record<ServiceName, string[]> = {
  orders: ['order_events', 'orders', 'outbox', 'processed_events'],
  inventory: ['outbox', 'reservations', 'restocks', 'stock_items'],
  payments: ['charges', 'outbox', 'refunds'],
  users: ['outbox', 'signing_keys', 'users'],
  products: ['price_changes', 'products'],
  notifications: ['notifications', 'processed_events'],
};

/** A URL for options that never connect. */
const NO_DATABASE = 'postgresql://nobody@127.0.0.1:1/nowhere';

/** What a service's `mikro-orm.config.ts` exports: the config, and the worker's `<service>Database`. */
type ConfigModule = { default: Options } & Record<string, unknown>;

/** A service's config module. */
const configModule = async (service: ServiceName): Promise<ConfigModule> =>
  (await import(`./${service}/mikro-orm.config`)) as ConfigModule;

/** Loads `activities/<service>/mikro-orm.config.ts` afresh (own module registry), `<SERVICE>_DATABASE_URL` = `url`. */
async function loadAfresh(service: ServiceName, url: string | undefined): Promise<ConfigModule> {
  const key = envKey(service, 'DATABASE_URL');
  const saved = process.env[key];
  if (url === undefined) delete process.env[key];
  else process.env[key] = url;
  try {
    let loaded: ConfigModule | undefined;
    await jest.isolateModulesAsync(async () => {
      loaded = await configModule(service);
    });
    return loaded!;
  } finally {
    if (saved === undefined) delete process.env[key];
    else process.env[key] = saved;
  }
}

/** Every entity `activities/<service>/entities.ts` exports. */
async function declaredEntities(service: ServiceName): Promise<EntitySchema[]> {
  const exported = Object.values((await import(`./${service}/entities`)) as Record<string, unknown>);
  return exported.filter((value): value is EntitySchema => value instanceof EntitySchema);
}

describe.each(SERVICE_NAMES)('activities/%s/mikro-orm.config.ts', (service) => {
  it(`reads its URL from ${envKey(service, 'DATABASE_URL')}`, async () => {
    const url = `postgresql://${service}:secret@db.internal:5432/${service}`;
    expect((await loadAfresh(service, url)).default.clientUrl).toBe(url);
    expect((await loadAfresh(service, undefined)).default.clientUrl).toBeUndefined();
  });

  it('is a MikroORM config: its entities are discovered without a database', async () => {
    const { default: config } = await configModule(service);
    const orm = await MikroORM.init({ ...config, clientUrl: NO_DATABASE, connect: false });
    try {
      const metadata = Object.values(orm.getMetadata().getAll());
      expect(metadata.map((meta) => meta.tableName).sort()).toEqual(TABLES[service]);
      for (const meta of metadata) {
        // one primary key column, but `processed_events`: an event is processed once per consumer group
        const keyColumns = meta.className === 'ProcessedEvent' ? 2 : 1;
        expect([meta.className, meta.primaryKeys.length]).toEqual([meta.className, keyColumns]);
        for (const prop of Object.values(meta.properties)) {
          expect([meta.className, prop.name, prop.fieldNames?.length, prop.columnTypes?.length]).toEqual([
            meta.className,
            prop.name,
            1,
            1,
          ]);
        }
      }
    } finally {
      await orm.close(true);
    }
  });

  it('lists exactly the entities of its entities.ts, the ones the worker opens', async () => {
    const module = await configModule(service);
    const database = module[`${service}Database`] as ServiceDatabase;
    const declared = await declaredEntities(service);
    expect(declared.length).toBeGreaterThan(0);
    expect(new Set(module.default.entities)).toEqual(new Set(declared));
    expect(new Set(database.entities)).toEqual(new Set(declared));
  });

  it('lists every migration of its migrations/ folder, oldest first, under its class name', async () => {
    const { default: config } = await configModule(service);
    const listed = (config.migrations?.migrationsList ?? []) as NamedMigration[];
    const files = readdirSync(path.join(__dirname, service, 'migrations'))
      .map((f) => path.basename(f, '.ts'))
      .sort();
    expect(listed.map((m) => m.name)).toEqual(files);
    expect(listed.map((m) => m.class.name)).toEqual(files);
  });
});

/**
 * Tables every event-publishing or event-consuming service keeps in its own database, one definition for all
 * (`lib/outbox-table.ts`, `lib/processed-events-table.ts`).
 */
const SHARED_TABLES = ['outbox', 'processed_events'];

it('no two services map the same table (besides the ones each keeps of its own, like `outbox`)', () => {
  const tables = Object.values(TABLES)
    .flat()
    .filter((table) => !SHARED_TABLES.includes(table));
  expect(new Set(tables).size).toBe(tables.length);
});
