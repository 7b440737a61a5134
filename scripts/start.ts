// `npm start`: provisions and runs the whole platform on embedded defaults, in dependency order, until Ctrl-C.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_USER, SERVICE_NAMES, type ServiceName } from '../contracts';
import {
  BUILD_DIR,
  envKey,
  loadConfig,
  PROJECT_ROOT,
  replicas,
  serviceDatabaseUrl,
  type PlatformConfig,
} from '../lib/config';
import { assertPortFree, httpOk, tcpOpen } from './stack/ports';
import { otlpConfigured } from '../lib/trace-context';
import { REPLICA_PORT_STEP } from '../lib/replicas';
import {
  databaseUrl,
  ensureCluster,
  postgresAccepts,
  postgresLayout,
  postgresRunning,
  postgresServerSpec,
  provisionDatabases,
  stopPostgres,
  type PostgresLayout,
} from './stack/postgres';
import { PidFile, pidFilePath } from './stack/pid-file';
import { redisArgs, redisServerBinary } from './stack/redis';
import { devServerArgs, temporalCli, waitForTemporal } from './stack/temporal';
import {
  assertMembershipPorts,
  ensureClusterTools,
  frontendHttpPort,
  migrateTemporalSchemas,
  provisionTemporalDatabases,
  registerNamespace,
  rolePorts,
  serverRoleArgs,
  serverRoleEnv,
  temporalEnvFile,
  TEMPORAL_ROLES,
  uiServerArgs,
  validateDynamicConfig,
} from './stack/temporal-cluster';
import { Supervisor } from './stack/supervisor';
import { Redis } from 'ioredis';

/**
 * `npm run start:cluster` (`--cluster`): the Temporal server on the embedded PostgreSQL, one process per role
 * (scripts/stack/temporal-cluster.ts), instead of the CLI's dev server on SQLite.
 */
const CLUSTER = process.argv.includes('--cluster');
/** The supervisor's names of the Temporal processes: the dev server, or each role of the cluster. */
const TEMPORAL_NAMES = CLUSTER ? [...TEMPORAL_ROLES.map((r) => `temporal-${r}`), 'temporal-ui'] : ['temporal'];

/** Names of the processes this supervisor runs: every replica of each service and of the gateway (WORKER_REPLICAS). */
const processNames = (config: PlatformConfig) => [
  'postgres',
  'redis',
  ...TEMPORAL_NAMES,
  'payment-provider',
  ...SERVICE_NAMES.flatMap((s) => replicas(config, s).map((r) => r.name)),
  ...replicas(config, 'gateway').map((r) => r.name),
];

/**
 * Node's flags for every process of the stack. Semi-spaces of 1 MiB (Node's default is 16) keep the young generation,
 * and so each process, about 30 MB smaller, at the price of more frequent (and shorter) scavenges; source maps make
 * stack traces name the TypeScript lines.
 */
const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=1'];

/** How one of the project's processes runs: its compiled JavaScript under `dist/` (`npm run build`), no TypeScript loader. */
const nodeEntry = (file: string, extraFlags: string[]) =>
  [process.execPath, [...NODE_FLAGS, ...extraFlags, path.join(BUILD_DIR, file.replace(/\.ts$/, '.js'))]] as const;

/** Builds `dist/` when this supervisor runs from its TypeScript source (tests, `tsx scripts/start.ts`): `npm start` has built it already. */
function buildWhenRunFromSource(say: (line: string) => void) {
  if (__filename.endsWith('.js')) return;
  say('building dist/ (npm run build)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

async function redisPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // a refused probe is "not ready yet", not an unhandled error event
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

/**
 * Settings of gateway replica `index` besides its GATEWAY_PORT: any other port the gateway binds (its metrics listener,
 * GATEWAY_METRICS_PORT, where set) moves by the same 100 × (index − 1), so N gateways bind N distinct ports.
 */
function gatewayReplicaEnv(index: number, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (index === 1) return {};
  const metrics = (loadConfig(env) as { GATEWAY_METRICS_PORT?: number }).GATEWAY_METRICS_PORT;
  // 0 (any free port) stays 0
  return !metrics ? {} : { GATEWAY_METRICS_PORT: String(metrics + REPLICA_PORT_STEP * (index - 1)) };
}

/** Every port this run will bind, with the setting that moves it. */
function portsToCheck(config: PlatformConfig, embeddedPostgres: PostgresLayout | undefined) {
  const replicaPorts = (setting: string, list: { index: number; port: number }[]) =>
    list.map((r): [number, string] => [r.port, r.index === 1 ? setting : `${setting} + 100 × ${r.index - 1}`]);
  const ports: [number, string][] = [
    ...replicaPorts('GATEWAY_PORT', replicas(config, 'gateway')),
    [config.PAYMENT_PROVIDER_PORT, 'PAYMENT_PROVIDER_PORT'],
    ...SERVICE_NAMES.flatMap((s) => replicaPorts(envKey(s, 'HTTP_PORT'), replicas(config, s))),
  ];
  if (!config.TEMPORAL_ADDRESS && CLUSTER)
    ports.push(
      [frontendHttpPort(config), 'TEMPORAL_PORT (its HTTP API: + 10)'],
      [config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT'],
      ...Object.entries(rolePorts(config)).flatMap(([role, p]): [number, string][] => [
        [p.grpc, `TEMPORAL_PORT (the ${role} role's gRPC port)`],
        [p.membership, `TEMPORAL_PORT (the ${role} role's membership port)`],
        [p.metrics, `TEMPORAL_METRICS_PORT (the ${role} role's /metrics)`],
      ]),
    );
  else if (!config.TEMPORAL_ADDRESS)
    ports.push([config.TEMPORAL_PORT, 'TEMPORAL_PORT'], [config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT']);
  if (!config.REDIS_URL) ports.push([config.REDIS_PORT, 'REDIS_PORT']);
  if (embeddedPostgres && !postgresRunning(embeddedPostgres)) ports.push([config.POSTGRES_PORT, 'POSTGRES_PORT']); // a leftover server of this cluster is stopped instead
  return ports;
}

async function main() {
  const config = loadConfig();
  const supervisor = new Supervisor((line) => process.stdout.write(`${line}\n`), processNames(config), {
    pidFile: new PidFile(pidFilePath(config.DATA_DIR)),
  });
  const say = (line: string) => supervisor.say(line);
  const external = Object.fromEntries(SERVICE_NAMES.map((s) => [s, serviceDatabaseUrl(config, s)])) as Record<
    ServiceName,
    string | undefined
  >;
  const embedded = SERVICE_NAMES.filter((s) => !external[s]);
  const layout = embedded.length > 0 ? postgresLayout(config) : undefined;

  for (const [port, setting] of portsToCheck(config, layout)) await assertPortFree(port, setting);

  let shuttingDown = false;
  const shutdown = async (reason: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`stopping (${reason})`);
    await supervisor.stop(replicas(config, 'gateway').map((r) => r.name));
    await supervisor.stop([
      'payment-provider',
      ...SERVICE_NAMES.flatMap((s) => replicas(config, s).map((r) => r.name)),
    ]);
    await supervisor.stop([...TEMPORAL_NAMES, 'redis']);
    await supervisor.stop(['postgres']);
    if (layout) stopPostgres(layout); // only when the supervisor's own stop did not finish it
    say('stopped; no process left running');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    buildWhenRunFromSource(say);
    // Provision: every tool and the database cluster, cached under .tools/ and .data/.
    const temporalBin = config.TEMPORAL_ADDRESS ? undefined : temporalCli(config, say);
    if (CLUSTER && (config.TEMPORAL_ADDRESS || !layout))
      throw new Error(
        'cluster mode runs Temporal on the embedded PostgreSQL: unset TEMPORAL_ADDRESS and the *_DATABASE_URL',
      );
    if (CLUSTER) assertMembershipPorts(config);
    const cluster = CLUSTER ? ensureClusterTools(config, say) : undefined;
    if (cluster) validateDynamicConfig(cluster);
    let clusterPassword: string | undefined;
    const redisBin = config.REDIS_URL ? undefined : redisServerBinary(say);
    const urls = { ...external } as Record<ServiceName, string>;
    if (layout) {
      const secrets = ensureCluster(layout, say);
      if (postgresRunning(layout)) {
        say('stopping a PostgreSQL server an earlier run left behind, to run it under this supervisor');
        stopPostgres(layout);
      }
      await supervisor.start({
        name: 'postgres',
        ...postgresServerSpec(layout),
        restart: true,
        ready: () => postgresAccepts(layout, secrets),
      });
      await provisionDatabases(layout, secrets, embedded);
      for (const s of embedded) urls[s] = databaseUrl(layout, secrets, s);
      say(`✔ postgres ready on 127.0.0.1:${layout.port} (${embedded.length} databases, one role each)`);
      if (cluster) {
        clusterPassword = await provisionTemporalDatabases(config, layout, secrets);
        await migrateTemporalSchemas(cluster, layout, clusterPassword, say);
      }
    }

    // Infrastructure.
    await Promise.all([
      redisBin &&
        supervisor.start({
          name: 'redis',
          command: redisBin,
          args: redisArgs(config),
          restart: true,
          ready: () => redisPing(config.redisUrl),
        }),
      temporalBin &&
        !cluster &&
        supervisor.start({
          name: 'temporal',
          command: temporalBin,
          args: devServerArgs(config),
          restart: true,
          ready: () => waitForTemporal(config.temporalAddress, 1_500).then(() => true),
        }),
    ]);
    if (config.TEMPORAL_ADDRESS) await waitForTemporal(config.temporalAddress, 10_000);
    if (cluster && clusterPassword && layout && temporalBin) {
      // one role at a time, history first: it writes the cluster's metadata, which the others read at start
      const ports = rolePorts(config);
      for (const role of TEMPORAL_ROLES)
        await supervisor.start({
          name: `temporal-${role}`,
          command: cluster.server,
          args: serverRoleArgs(cluster, role),
          env: serverRoleEnv(config, layout, clusterPassword, role),
          restart: true,
          ready:
            role === 'frontend'
              ? () => waitForTemporal(config.temporalAddress, 1_500).then(() => true)
              : () => tcpOpen(ports[role].grpc),
        });
      await registerNamespace(temporalBin, config, say);
      await supervisor.start({
        name: 'temporal-ui',
        command: cluster.uiServer,
        args: uiServerArgs(config),
        restart: true,
        ready: () => httpOk(`http://127.0.0.1:${config.TEMPORAL_UI_PORT}/`),
      });
    }

    // Services.
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: config.temporalAddress,
      REDIS_URL: config.redisUrl,
      PAYMENT_PROVIDER_URL: config.paymentProviderUrl,
    };
    /** Starts one of the project's processes (compiled) under the supervisor; ready once `readyUrl` answers 200. */
    const startNode = (name: string, entry: string, processEnv: NodeJS.ProcessEnv, readyUrl: string) => {
      const [command, args] = nodeEntry(entry, config.STACK_NODE_FLAGS);
      return supervisor.start({
        name,
        command,
        args: [...args],
        env: { MALLOC_ARENA_MAX: '2', ...processEnv }, // glibc: 2 malloc arenas, not 8 per core, for the worker threads
        restart: true,
        ready: () => httpOk(readyUrl),
      });
    };
    await startNode(
      'payment-provider',
      'scripts/payment-provider/server.ts',
      env,
      `${config.paymentProviderUrl}/health`,
    );
    // every replica of a service polls the same task queue; each has its own HTTP port (and so its own /ready)
    await Promise.all(
      SERVICE_NAMES.flatMap((s) =>
        replicas(config, s).map((r) =>
          startNode(
            r.name,
            `workers/${s}.ts`,
            { ...env, [envKey(s, 'DATABASE_URL')]: urls[s], [envKey(s, 'HTTP_PORT')]: String(r.port) },
            `http://127.0.0.1:${r.port}/ready`,
          ),
        ),
      ),
    );
    await Promise.all(
      replicas(config, 'gateway').map((r) =>
        startNode(
          r.name,
          'api/server.ts',
          { ...env, GATEWAY_PORT: String(r.port), ...gatewayReplicaEnv(r.index) },
          `http://127.0.0.1:${r.port}/health`,
        ),
      ),
    );
  } catch (err) {
    say(`✖ ${err instanceof Error ? err.message : String(err)}`);
    await shutdown('start-up failed', 1);
    return;
  }

  say('');
  say('Durable Commerce is up.');
  say(
    `  Gateway          ${replicas(config, 'gateway')
      .map((r) => `http://localhost:${r.port}`)
      .join(' ')}   (GET /health, GET /api/openapi.json, POST /api/auth/login)`,
  );
  say(`  Demo account     ${DEMO_USER.email} / ${DEMO_USER.password}`);
  if (CLUSTER) {
    const t = temporalEnvFile();
    say(
      `  Temporal         server v${t.TEMPORAL_VERSION} on PostgreSQL (${t.DBNAME}, ${t.VISIBILITY_DBNAME}), ${t.NUM_HISTORY_SHARDS} shards, roles ${TEMPORAL_ROLES.join(' ')} (deploy/temporal/temporal.env)`,
    );
  }
  if (!config.TEMPORAL_ADDRESS) say(`  Temporal Web UI  http://localhost:${config.TEMPORAL_UI_PORT}`);
  say(`  Temporal gRPC    ${config.temporalAddress}   (temporal workflow list --address ${config.temporalAddress})`);
  say(
    `  Services         ${SERVICE_NAMES.flatMap((s) => replicas(config, s).map((r) => `${r.name}:${r.port}`)).join(' ')}   (GET /ready on each)`,
  );
  say(
    `  Metrics          npm run metrics${CLUSTER ? ' -- --cluster' : ''}   (every process's Prometheus /metrics; gateway's on :${config.GATEWAY_METRICS_PORT})`,
  );
  say(
    `  Traces           ${otlpConfigured() ? `OTLP to ${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'not exported (set OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://localhost:4318 for Jaeger)'}`,
  );
  say(
    `  Data             ${config.DATA_DIR}${layout ? ` (PostgreSQL cluster: ${layout.dataDir}, port ${layout.port})` : ''}`,
  );
  say('Press Ctrl-C to stop everything.');
}

main().catch((err: unknown) => {
  process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
