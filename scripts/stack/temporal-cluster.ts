// Cluster mode (`npm run start:cluster`): the Temporal server (go.temporal.io/server) on the embedded PostgreSQL, each
// of its four roles a process of its own, and the Temporal Web UI server, instead of the CLI's dev server on SQLite.
// Every setting docker-compose.yml shares comes from deploy/temporal/temporal.env, and the server renders the same
// config template (config/docker.yaml of its module) the temporalio/server image does.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { Client } from 'pg';
import { SEARCH_ATTRIBUTE_KEYS, cliSearchAttributeType } from '../../contracts';
import { PROJECT_ROOT, type PlatformConfig } from '../../lib/config';
import { ensureOwnDatabase, type PostgresLayout, type PostgresSecrets } from './postgres';

/** The one source of the settings cluster mode and docker-compose.yml share (versions, databases, shards, pools). */
export const TEMPORAL_ENV_FILE = path.join(PROJECT_ROOT, 'deploy', 'temporal', 'temporal.env');
/** The dynamic config file of cluster mode and of docker-compose.yml (in the repository). */
export const DYNAMIC_CONFIG_FILE = path.join(PROJECT_ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');

/** The settings of temporal.env that temporal-sql-tool needs (cluster mode and compose's temporal-schema alike). */
export const SCHEMA_TOOL_SETTINGS = [
  'DB',
  'POSTGRES_USER',
  'DBNAME',
  'VISIBILITY_DBNAME',
  'TEMPORAL_SCHEMA_VERSION',
  'VISIBILITY_SCHEMA_VERSION',
] as const;

const envFiles = new Map<string, Record<string, string>>();

/** The settings of deploy/temporal/temporal.env, by the server's config template's names (read once per process). */
export function temporalEnvFile(file = TEMPORAL_ENV_FILE): Record<string, string> {
  const read = envFiles.get(file);
  if (read) return read;
  const values = parseEnv(readFileSync(file, 'utf8'));
  for (const key of ['TEMPORAL_VERSION', 'TEMPORAL_UI_VERSION', ...SCHEMA_TOOL_SETTINGS, 'NUM_HISTORY_SHARDS'])
    if (!values[key]) throw new Error(`${path.relative(PROJECT_ROOT, file)} sets no ${key}`);
  envFiles.set(file, values as Record<string, string>);
  return values as Record<string, string>;
}

/** The server's roles, each run as a process of its own; history first (it creates the cluster's metadata). */
export const TEMPORAL_ROLES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalRole = (typeof TEMPORAL_ROLES)[number];

const SERVER_MODULE = 'go.temporal.io/server';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

/** Where cluster mode's tools live, one folder per pinned version (a version bump builds anew beside the old one). */
export function clusterToolPaths(config: PlatformConfig, env = temporalEnvFile()) {
  const server = path.join(config.TOOLS_DIR, `temporal-server-${env.TEMPORAL_VERSION}`);
  const ui = path.join(config.TOOLS_DIR, `temporal-ui-${env.TEMPORAL_UI_VERSION}`);
  return {
    serverDir: server,
    server: path.join(server, 'bin', 'server'),
    sql: path.join(server, 'bin', 'sql'),
    /** The server's config template, copied from its module (config/docker.yaml). */
    configTemplate: path.join(server, 'config', 'docker.yaml'),
    /** The PostgreSQL schemas, copied from its module (schema/postgresql/v12). */
    schemas: path.join(server, 'schema', 'postgresql', 'v12'),
    uiDir: ui,
    uiServer: path.join(ui, 'bin', 'server'),
  };
}
export type ClusterTools = ReturnType<typeof clusterToolPaths>;

/**
 * Ports of each role: the frontend's gRPC on TEMPORAL_PORT and the others next to it (7234, 7235, 7239), membership
 * 300 below (6933…), and the server's own Prometheus /metrics on TEMPORAL_METRICS_PORT (frontend) and the three after it.
 */
export function rolePorts(
  config: PlatformConfig,
): Record<TemporalRole, { grpc: number; membership: number; metrics: number }> {
  const base = config.TEMPORAL_PORT;
  const at = (n: number, m: number) => ({
    grpc: base + n,
    membership: base - 300 + n,
    metrics: config.TEMPORAL_METRICS_PORT + m,
  });
  return { frontend: at(0, 0), history: at(1, 1), matching: at(2, 2), worker: at(6, 3) };
}
/** Highest membership port the server can record: its cluster_membership table keeps the port as a PostgreSQL smallint. */
export const MAX_MEMBERSHIP_PORT = 32_767;

/** Throws, naming the setting to change, when a role's membership port would not fit the server's membership table. */
export function assertMembershipPorts(config: PlatformConfig): void {
  const highest = Math.max(...Object.values(rolePorts(config)).map((p) => p.membership));
  if (highest > MAX_MEMBERSHIP_PORT)
    throw new Error(
      `cluster mode needs membership ports up to ${MAX_MEMBERSHIP_PORT} (Temporal stores them as a smallint), but ` +
        `TEMPORAL_PORT=${config.TEMPORAL_PORT} puts them at ${highest}: use a TEMPORAL_PORT of ${MAX_MEMBERSHIP_PORT + 300 - 6} or less`,
    );
}

/** The frontend's HTTP API port (TEMPORAL_PORT + 10). */
export const frontendHttpPort = (config: PlatformConfig) => config.TEMPORAL_PORT + 10;

/** Runs `go install pkg@version` into `bin` (GOTOOLCHAIN=auto fetches the Go it needs); throws with Go's last words. */
function goInstall(pkg: string, version: string, bin: string, say: (line: string) => void): void {
  say(`building ${pkg}@v${version} into ${bin} (once; several minutes and about 3 GB of Go cache)…`);
  mkdirSync(bin, { recursive: true });
  const started = Date.now();
  const res = spawnSync('go', ['install', `${pkg}@v${version}`], {
    env: { ...process.env, GOBIN: bin, GOTOOLCHAIN: 'auto', CGO_ENABLED: '0' },
    encoding: 'utf8',
  });
  if (res.status !== 0)
    throw new Error(
      `go install ${pkg}@v${version} failed (Go and the Go module proxy are needed once):\n${res.error?.message ?? ''}${(res.stderr ?? '').slice(-2000)}`,
    );
  say(`✔ built ${pkg}@v${version} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Folder of module `mod` at `version` in the Go module cache (where `go install` just put it). */
function moduleDir(mod: string, version: string): string {
  const cache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  const dir = path.join(cache, `${mod.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)}@v${version}`);
  if (!existsSync(dir)) throw new Error(`${mod}@v${version} is not in the Go module cache (${dir})`);
  return dir;
}

/** Copies `from` (read-only in the module cache) to `to`, writable so `.tools/` can be removed like any folder. */
function copyFromModule(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', to]);
}

/**
 * The server, temporal-sql-tool and the Web UI server at the versions of deploy/temporal/temporal.env, with the server's
 * config template and schemas beside them: built with `go install` when missing (once; it says so while it builds)
 * and reused afterwards, offline.
 */
export function ensureClusterTools(config: PlatformConfig, say: (line: string) => void): ClusterTools {
  const env = temporalEnvFile();
  const tools = clusterToolPaths(config, env);
  const serverBin = path.dirname(tools.server);
  if (!existsSync(tools.server)) goInstall(`${SERVER_MODULE}/cmd/server`, env.TEMPORAL_VERSION, serverBin, say);
  if (!existsSync(tools.sql)) goInstall(`${SERVER_MODULE}/cmd/tools/sql`, env.TEMPORAL_VERSION, serverBin, say);
  if (!existsSync(tools.configTemplate) || !existsSync(tools.schemas)) {
    const mod = moduleDir(SERVER_MODULE, env.TEMPORAL_VERSION);
    copyFromModule(path.join(mod, 'config', 'docker.yaml'), tools.configTemplate);
    copyFromModule(path.join(mod, 'schema', 'postgresql', 'v12'), tools.schemas);
  }
  if (!existsSync(tools.uiServer))
    goInstall(`${UI_MODULE}/cmd/server`, env.TEMPORAL_UI_VERSION, path.dirname(tools.uiServer), say);
  return tools;
}

/**
 * Checks deploy/temporal/dynamicconfig.yaml with the server's own `validate-dynamic-config` (known keys, value types):
 * the server would only log a bad entry and run on its default. Throws with the server's findings.
 */
export function validateDynamicConfig(tools: ClusterTools): void {
  const res = spawnSync(tools.server, ['validate-dynamic-config', DYNAMIC_CONFIG_FILE], { encoding: 'utf8' });
  const findings = `${res.stdout}${res.stderr}`
    .split('\n')
    .filter((line) => /warning|error/i.test(line))
    .map((line) => line.trim());
  if (res.status !== 0 || findings.length > 0)
    throw new Error(
      `${path.relative(PROJECT_ROOT, DYNAMIC_CONFIG_FILE)} is refused by the server: ${findings.join('; ')}`,
    );
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
  const env = temporalEnvFile();
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
    await ensureOwnDatabase(admin, env.POSTGRES_USER, password, [env.DBNAME, env.VISIBILITY_DBNAME]);
  } finally {
    await admin.end();
  }
  return password;
}

/** Sets up (on a fresh database) and upgrades both schemas to temporal.env's versions with temporal-sql-tool. */
export async function migrateTemporalSchemas(
  tools: ClusterTools,
  layout: PostgresLayout,
  password: string,
  say: (line: string) => void,
): Promise<void> {
  const env = temporalEnvFile();
  for (const [db, folder, version] of [
    [env.DBNAME, 'temporal', env.TEMPORAL_SCHEMA_VERSION],
    [env.VISIBILITY_DBNAME, 'visibility', env.VISIBILITY_SCHEMA_VERSION],
  ] as const) {
    const client = new Client({
      host: '127.0.0.1',
      port: layout.port,
      user: env.POSTGRES_USER,
      password,
      database: db,
    });
    await client.connect();
    const fresh = (await client.query(`select to_regclass('public.schema_version') is null as fresh`)).rows[0].fresh;
    await client.end();
    const tool = (...args: string[]) => {
      const common = ['--plugin', env.DB, '--ep', '127.0.0.1', '-p', String(layout.port), '-u', env.POSTGRES_USER];
      const res = spawnSync(tools.sql, [...common, '--pw', password, '--db', db, ...args], { encoding: 'utf8' });
      if (res.status !== 0)
        throw new Error(`temporal-sql-tool ${args[0]} on ${db} failed:\n${res.stderr.slice(-2000)}`);
    };
    if (fresh) tool('setup-schema', '-v', '0.0');
    tool('update-schema', '-d', path.join(tools.schemas, folder, 'versioned'), '-v', version);
    say(`✔ ${db} schema ${fresh ? 'set up' : 'up to date'} at v${version} (temporal-sql-tool ${env.TEMPORAL_VERSION})`);
  }
}

/**
 * The environment the server's config template (config/docker.yaml) renders one role's config from: temporal.env's
 * shared values, then what only this machine knows (the embedded PostgreSQL's port and the role's password, ports on
 * 127.0.0.1, the repository's dynamic config) and the role's own metrics port.
 */
export function serverRoleEnv(
  config: PlatformConfig,
  layout: PostgresLayout,
  password: string,
  role: TemporalRole,
): NodeJS.ProcessEnv {
  const ports = rolePorts(config);
  const portEnv = Object.fromEntries(
    TEMPORAL_ROLES.flatMap((r) => [
      [`${r.toUpperCase()}_GRPC_PORT`, String(ports[r].grpc)],
      [`${r.toUpperCase()}_MEMBERSHIP_PORT`, String(ports[r].membership)],
    ]),
  );
  return {
    PATH: process.env.PATH,
    ...temporalEnvFile(),
    ...portEnv,
    FRONTEND_HTTP_PORT: String(frontendHttpPort(config)),
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(layout.port),
    VISIBILITY_DB_PORT: String(layout.port), // the template's visibility store reads this (or POSTGRES_PORT), not DB_PORT
    POSTGRES_PWD: password,
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
    PROMETHEUS_ENDPOINT: `127.0.0.1:${ports[role].metrics}`,
  };
}

/** Arguments of one role's process: the config template as it is, the role to run. */
export const serverRoleArgs = (tools: ClusterTools, role: TemporalRole) => [
  '--config-file',
  tools.configTemplate,
  '--allow-no-auth',
  'start',
  '--service',
  role,
];

/**
 * The Web UI server's config (written under the data folder): this server's frontend, TEMPORAL_UI_PORT on 127.0.0.1,
 * the namespace. Returns the arguments of its process.
 */
export function uiServerArgs(config: PlatformConfig): string[] {
  const dir = path.join(config.DATA_DIR, 'temporal-ui', 'config');
  mkdirSync(dir, { recursive: true });
  const origin = `http://localhost:${config.TEMPORAL_UI_PORT}`;
  const ui = {
    temporalGrpcAddress: config.temporalAddress,
    host: '127.0.0.1',
    port: config.TEMPORAL_UI_PORT,
    enableUi: true,
    defaultNamespace: config.TEMPORAL_NAMESPACE,
    disableNewsFetch: true, // no internet here, and none needed at 3 a.m.
    cors: { allowOrigins: [origin, `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`], cookieInsecure: true },
    auth: { enabled: false },
  };
  writeFileSync(path.join(dir, 'cluster.yaml'), `${JSON.stringify(ui, null, 2)}\n`); // YAML is a superset of JSON
  return ['--root', path.dirname(dir), '--config', 'config', '--env', 'cluster', 'start'];
}

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
