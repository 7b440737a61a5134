// Each service's entities match the tables its migrations made in its real database: every column of an entity's
// table is mapped, under its name, with its kind of type, nullability, primary key columns and single-column unique
// constraint.
import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import { SERVICE_NAMES, type ServiceName } from '../contracts';
import type { ServiceDatabase } from '../lib/database';
import { openServiceDatabase } from '../test/support/service-database';
import { inventoryDatabase } from './inventory/mikro-orm.config';
import { notificationsDatabase } from './notifications/mikro-orm.config';
import { ordersDatabase } from './orders/mikro-orm.config';
import { paymentsDatabase } from './payments/mikro-orm.config';
import { productsDatabase } from './products/mikro-orm.config';
import { usersDatabase } from './users/mikro-orm.config';

/** Each service's database, as its worker opens it. */
const DATABASES: Record<ServiceName, ServiceDatabase> = {
  orders: ordersDatabase,
  inventory: inventoryDatabase,
  payments: paymentsDatabase,
  users: usersDatabase,
  products: productsDatabase,
  notifications: notificationsDatabase,
};

/** One column as the test compares it. */
interface Column {
  column: string;
  kind: string;
  nullable: boolean;
  primary: boolean;
  unique: boolean;
}

/** The kind of a column type, as PostgreSQL names it (`information_schema`) or as MikroORM does (`varchar(255)`). */
const KINDS: Record<string, string> = {
  'character varying': 'text',
  character: 'text',
  text: 'text',
  varchar: 'text',
  integer: 'integer',
  int: 'integer',
  uuid: 'uuid',
  jsonb: 'json',
  'timestamp with time zone': 'timestamp',
  timestamptz: 'timestamp',
};
const kindOf = (type: string): string => KINDS[type.replace(/\(.*\)$/, '')] ?? `unknown type ${type}`;

const byName = (a: Column, b: Column) => a.column.localeCompare(b.column);

/** The columns of `table` in the database. */
async function tableColumns(orm: MikroORM, table: string): Promise<Column[]> {
  const sql = <T>(query: string): Promise<T[]> => orm.em.getConnection().execute(query, [table]);
  const columns = await sql<{ column_name: string; data_type: string; is_nullable: string }>(
    `select column_name, data_type, is_nullable from information_schema.columns
     where table_schema = current_schema() and table_name = ?`,
  );
  // primary keys, and unique constraints of one column
  const constraints = await sql<{ type: string; columns: string[] }>(
    `select tc.constraint_type as type, array_agg(k.column_name::text) as columns
     from information_schema.table_constraints tc
     join information_schema.key_column_usage k using (constraint_schema, constraint_name)
     where tc.table_schema = current_schema() and tc.table_name = ? and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')
     group by tc.constraint_name, tc.constraint_type`,
  );
  const single = (type: string) =>
    new Set(constraints.filter((c) => c.type === type && c.columns.length === 1).map((c) => c.columns[0]));
  // every column of the primary key (one, or several: `processed_events` is keyed by group and event)
  const primary = new Set(constraints.filter((c) => c.type === 'PRIMARY KEY').flatMap((c) => c.columns));
  const unique = single('UNIQUE');
  return columns
    .map((c) => ({
      column: c.column_name,
      kind: kindOf(c.data_type),
      nullable: c.is_nullable === 'YES',
      primary: primary.has(c.column_name),
      unique: unique.has(c.column_name),
    }))
    .sort(byName);
}

/** The columns an entity maps. */
const entityColumns = (meta: EntityMetadata): Column[] =>
  Object.values(meta.properties)
    .map((prop) => ({
      column: prop.fieldNames[0]!,
      kind: kindOf(prop.columnTypes[0]!),
      nullable: prop.nullable === true,
      primary: prop.primary === true,
      unique: prop.unique === true,
    }))
    .sort(byName);

describe.each(SERVICE_NAMES)('the %s entities', (service) => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openServiceDatabase(service, DATABASES[service]);
  });
  afterAll(() => orm?.close(true));

  it('map every column of their tables as the migrations made it', async () => {
    const metadata = Object.values(orm.getMetadata().getAll());
    expect(metadata.length).toBe(DATABASES[service].entities.length);
    for (const meta of metadata) {
      const table = await tableColumns(orm, meta.tableName);
      expect(table.length).toBeGreaterThan(0);
      const { tableName } = meta;
      expect({ table: tableName, columns: entityColumns(meta) }).toEqual({ table: tableName, columns: table });
    }
  });
});
