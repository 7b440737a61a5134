// Cluster mode (`npm run start:cluster`): the Temporal server (go.temporal.io/server) on the embedded PostgreSQL, each
// of its four roles a process of its own, instead of the CLI's dev server on SQLite.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { SEARCH_ATTRIBUTE_KEYS, cliSearchAttributeType } from '../../contracts';
import { PROJECT_ROOT, type PlatformConfig } from '../../lib/config';
import { ensureOwnDatabase, type PostgresLayout, type PostgresSecrets } from './postgres';

/** Version of the Temporal server and of temporal-sql-tool that cluster mode builds and runs. */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** History shards of the cluster's persistence (fixed once its database is set up). */
export const TEMPORAL_HISTORY_SHARDS = 8;
/** The server's roles, each run as a process of its own; history first (it creates the cluster's metadata). */
export const TEMPORAL_ROLES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalRole = (typeof TEMPORAL_ROLES)[number];
/** The login role and the two databases of the Temporal server on the embedded cluster. */
export const TEMPORAL_DB_ROLE = 'temporal';
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

const MODULE = 'go.temporal.io/server';

/** Where the server binaries are built once (`server`, and `sql`: temporal-sql-tool). */
export const temporalServerBinDir = (config: PlatformConfig) => path.join(config.TOOLS_DIR, 'temporal-server', 'bin');

/** gRPC and membership ports of each role: the frontend on TEMPORAL_PORT, the others next to it (7234, 7235, 7239; 6933…). */
export function rolePorts(config: PlatformConfig): Record<TemporalRole, { grpc: number; membership: number }> {
  const base = config.TEMPORAL_PORT;
  const at = (n: number) => ({ grpc: base + n, membership: base - 300 + n });
  return { frontend: at(0), history: at(1), matching: at(2), worker: at(6) };
}

/**
 * The `server` and `sql` binaries, built with `go install` into `.tools/temporal-server/bin` when missing (once, a few
 * minutes; Go fetches the toolchain it needs with GOTOOLCHAIN=auto) and reused afterwards, offline.
 */
export function temporalServerBinaries(config: PlatformConfig, say: (line: string) => void) {
  const bin = temporalServerBinDir(config);
  const server = path.join(bin, 'server');
  const sql = path.join(bin, 'sql');
  for (const [file, pkg] of [
    [server, `${MODULE}/cmd/server`],
    [sql, `${MODULE}/cmd/tools/sql`],
  ] as const) {
    if (existsSync(file)) continue;
    say(`building ${pkg}@v${TEMPORAL_SERVER_VERSION} into ${bin} (once; this takes several minutes)…`);
    mkdirSync(bin, { recursive: true });
    const res = spawnSync('go', ['install', `${pkg}@v${TEMPORAL_SERVER_VERSION}`], {
      env: { ...process.env, GOBIN: bin, GOTOOLCHAIN: 'auto', CGO_ENABLED: '0' },
      encoding: 'utf8',
    });
    if (res.status !== 0)
      throw new Error(
        `go install ${pkg}@v${TEMPORAL_SERVER_VERSION} failed (Go and network access are needed once):\n${res.error?.message ?? ''}${res.stderr.slice(-2000)}`,
      );
  }
  return { server, sql };
}

/** The Temporal role's generated password, kept beside the cluster's other secrets (mode 0600). */
function temporalPassword(config: PlatformConfig): string {
  const file = path.join(config.DATA_DIR, 'secrets', 'temporal-postgres.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
  const password = randomBytes(18).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ password })}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

/**
 * The `temporal` login role and its two databases, which PUBLIC cannot connect to (so no service role reaches them,
 * and the temporal role none of the services'). Idempotent. Returns the role's password.
 */
export async function provisionTemporalDatabases(
  config: PlatformConfig,
  layout: PostgresLayout,
  secrets: PostgresSecrets,
): Promise<string> {
  const password = temporalPassword(config);
  const admin = new Client({
    host: '127.0.0.1',
    port: layout.port,
    user: 'postgres',
    password: secrets.superuser,
    database: 'postgres',
  });
  await admin.connect();
  try {
    await ensureOwnDatabase(admin, TEMPORAL_DB_ROLE, password, Object.values(TEMPORAL_DATABASES));
  } finally {
    await admin.end();
  }
  return password;
}

/** Folder of the server's SQL schemas in the Go module cache (the `go install` above put the module there). */
function schemaDir(): string {
  const res = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const dir = path.join(res.stdout.trim(), `${MODULE}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (res.status !== 0 || !existsSync(dir))
    throw new Error(
      `the Temporal schemas are not in the Go module cache (${dir}); remove ${'.tools/temporal-server'} to rebuild`,
    );
  return dir;
}

/** Sets up (on a fresh database) and upgrades both schemas with temporal-sql-tool. */
export async function migrateTemporalSchemas(
  sql: string,
  layout: PostgresLayout,
  password: string,
  say: (line: string) => void,
): Promise<void> {
  const schemas = schemaDir();
  for (const [db, folder] of [
    [TEMPORAL_DATABASES.default, 'temporal'],
    [TEMPORAL_DATABASES.visibility, 'visibility'],
  ] as const) {
    const client = new Client({ host: '127.0.0.1', port: layout.port, user: TEMPORAL_DB_ROLE, password, database: db });
    await client.connect();
    const fresh = (await client.query(`select to_regclass('public.schema_version') is null as fresh`)).rows[0].fresh;
    await client.end();
    const tool = (...args: string[]) => {
      const common = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(layout.port)];
      const res = spawnSync(sql, [...common, '-u', TEMPORAL_DB_ROLE, '--pw', password, '--db', db, ...args], {
        encoding: 'utf8',
      });
      if (res.status !== 0)
        throw new Error(`temporal-sql-tool ${args[0]} on ${db} failed:\n${res.stderr.slice(-2000)}`);
    };
    if (fresh) tool('setup-schema', '-v', '0.0');
    tool('update-schema', '-d', path.join(schemas, folder, 'versioned'));
    say(`✔ ${db} schema ${fresh ? 'set up' : 'up to date'} (temporal-sql-tool, server v${TEMPORAL_SERVER_VERSION})`);
  }
}

/** The dynamic config file of cluster mode (in the repository). */
export const DYNAMIC_CONFIG_FILE = path.join(PROJECT_ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');

/** Writes the server's config (YAML, which is a superset of JSON) under the data folder; returns its path. */
export function writeServerConfig(config: PlatformConfig, layout: PostgresLayout, password: string): string {
  const ports = rolePorts(config);
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${layout.port}`,
      connectProtocol: 'tcp',
      user: TEMPORAL_DB_ROLE,
      password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const role = (r: TemporalRole) => ({
    rpc: {
      grpcPort: ports[r].grpc,
      membershipPort: ports[r].membership,
      bindOnLocalHost: true,
      ...(r === 'frontend' && { httpPort: config.TEMPORAL_PORT + 10 }),
    },
  });
  const server = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: TEMPORAL_HISTORY_SHARDS,
      datastores: {
        default: store(TEMPORAL_DATABASES.default, 20),
        visibility: store(TEMPORAL_DATABASES.visibility, 5),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(TEMPORAL_ROLES.map((r) => [r, role(r)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend.grpc}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: DYNAMIC_CONFIG_FILE, pollInterval: '10s' },
  };
  const dir = path.join(config.DATA_DIR, 'temporal-cluster');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, `${JSON.stringify(server, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Arguments of one role's process. */
export const serverRoleArgs = (configFile: string, role: TemporalRole) => [
  '--config-file',
  configFile,
  '--allow-no-auth',
  'start',
  '--service',
  role,
];

/**
 * Registers the namespace (when missing) and the platform's search attributes with the `temporal` CLI; the attributes
 * are retried until every role knows the new namespace (their namespace caches refresh every few seconds).
 */
export async function registerNamespace(
  cli: string,
  config: PlatformConfig,
  say: (line: string) => void,
): Promise<void> {
  const run = (...args: string[]) =>
    spawnSync(cli, [...args, '--address', config.temporalAddress], { encoding: 'utf8', timeout: 60_000 });
  const described = run('operator', 'namespace', 'describe', '--namespace', config.TEMPORAL_NAMESPACE);
  if (described.status !== 0) {
    const created = run(
      'operator',
      'namespace',
      'create',
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      '--retention',
      '72h',
    );
    if (created.status !== 0) throw new Error(`temporal operator namespace create failed: ${created.stderr}`);
  }
  const attributes = SEARCH_ATTRIBUTE_KEYS.flatMap((key) => [
    '--name',
    key.name,
    '--type',
    cliSearchAttributeType(key),
  ]);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const added = run(
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      ...attributes,
    );
    if (added.status === 0 || /already exists/i.test(added.stderr)) break;
    if (Date.now() > deadline) throw new Error(`temporal operator search-attribute create failed: ${added.stderr}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  say(`✔ namespace ${config.TEMPORAL_NAMESPACE} and its search attributes registered`);
}
