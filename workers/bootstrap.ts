import type http from 'node:http';
import type Koa from 'koa';
import type Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import {
  Worker,
  Runtime,
  makeTelemetryFilterString,
  type NativeConnection,
  type WorkerOptions,
} from '@temporalio/worker';
import { TASK_QUEUES, type ServiceName } from '../contracts';
import { envKey, loadConfig, serviceDatabaseUrl, servicePort, type PlatformConfig } from '../lib/config';
import { openDatabase, pingDatabase, withMigrationLock, type NamedMigration } from '../lib/database';
import { createLogger, type Logger } from '../lib/logger';
import { connectWorker } from '../lib/temporal';
import { untilConnected, WaitingForDependency } from '../lib/until-connected';
import { internalApiToken } from '../lib/internal-auth';
import { temporalLogger } from '../lib/temporal-logger';
import { createHealthApp } from '../lib/health-app';
import { closeServer, listen } from '../lib/http-server';
import { runMain, shutdownSignal, ShutdownHooks } from '../lib/shutdown';
import { activityRequestLog } from './activity-request-log';
import { activityTracing, workflowSpanSinks } from './tracing';
import { startTelemetry } from '../lib/telemetry';
import { fetchExporter, startMetrics, temporalSdkMetricsAddress } from '../lib/metrics';
import { workflowMetricsSinks } from './metrics-sinks';
import type { ConsumerDefinition } from '../lib/event-consumer';
import { startServiceEvents, type ServiceEvents } from './service-events';
import type { EntitySchema } from '@mikro-orm/core';

/** What the bootstrap hands to a service's factories. */
export interface ServiceDeps {
  orm: MikroORM;
  config: PlatformConfig;
  logger: Logger;
  /** Registers a hook the service runs when it stops (after the worker drained), e.g. closing a client it opened. */
  onShutdown: (name: string, hook: () => Promise<void> | void) => void;
}

/** Everything that makes one service process: its database, activities, optional workflows and read API. */
export interface ServiceDefinition {
  name: ServiceName;
  database: { entities: EntitySchema[]; migrations: NamedMigration[] };
  activities: (deps: ServiceDeps) => object;
  /** Workflow code and interceptors (only the orders service hosts workflows). */
  workflows?: Pick<WorkerOptions, 'workflowsPath' | 'interceptors' | 'workflowBundle'>;
  routes?: (deps: ServiceDeps) => Router;
  seed?: (orm: MikroORM) => Promise<void>;
  /** The service writes domain events to an `outbox` table: its process runs the relay that publishes them. */
  publishesEvents?: boolean;
  /** The consumer groups the service runs (each one's effect in its own database). */
  consumers?: (deps: ServiceDeps) => ConsumerDefinition[];
}

/** Mounts the service's routes once they exist; until then its API answers 503 (the probes answer from the start). */
function lateRoutes(app: Koa): (router: Router) => void {
  let mounted: Router | undefined;
  app.use(async (ctx, next) => {
    if (!mounted) {
      ctx.status = 503;
      ctx.body = { error: { code: 'NOT_READY', message: 'The service is still connecting to its dependencies.' } };
      return;
    }
    const router = mounted;
    await router.routes()(ctx as never, () => router.allowedMethods()(ctx as never, next));
  });
  return (router) => {
    mounted = router;
  };
}

/**
 * Runs one service until SIGINT/SIGTERM. `/health` answers at once; Temporal and the database (migrations, seed) are
 * waited for with capped backoff while `/ready` names what is missing; then the worker polls. Drains and closes on a signal.
 */
export async function runService(def: ServiceDefinition): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const telemetry = startTelemetry(def.name);
  const clientUrl = serviceDatabaseUrl(config, def.name);
  if (!clientUrl)
    throw new Error(`${envKey(def.name, 'DATABASE_URL')} is not set (npm start sets it for the embedded database).`);

  startMetrics(def.name);
  // the Temporal SDK's Prometheus exporter (task latencies, schedule-to-start, slots, sticky cache) on a loopback port
  // derived from this process's HTTP port; the process's /metrics appends it, so Prometheus scrapes one endpoint
  const sdkMetrics = temporalSdkMetricsAddress(servicePort(config, def.name));
  const logging = { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} };
  let sdkMetricsServed = true;
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      telemetryOptions: {
        logging,
        metrics: { prometheus: { bindAddress: sdkMetrics, countersTotalSuffix: true, useSecondsForDurations: true } },
      },
    });
  } catch (err) {
    // a taken port (e.g. a process of the last run still draining) costs the SDK series, never the worker
    sdkMetricsServed = false;
    logger.warn({ err: (err as Error).message, bindAddress: sdkMetrics }, 'Temporal SDK metrics not served');
    Runtime.install({ logger: temporalLogger(logger), telemetryOptions: { logging } });
  }

  const waiting: { database: string; temporal: string } = { database: 'connecting', temporal: 'connecting' };
  let connection: NativeConnection | undefined;
  let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let worker: Worker | undefined;
  let events: ServiceEvents | undefined;
  const hasEvents = Boolean(def.publishesEvents || def.consumers);
  const app = createHealthApp(
    def.name,
    {
      database: async () => {
        if (!orm) throw new WaitingForDependency(`waiting for the database: ${waiting.database}`);
        await pingDatabase(orm);
      },
      temporal: async () => {
        if (!connection) throw new WaitingForDependency(`waiting for Temporal: ${waiting.temporal}`);
        await connection.withDeadline(Date.now() + 2_000, () => connection!.healthService.check({}));
      },
      worker: async () => {
        const state = worker?.getState() ?? 'NOT_STARTED';
        if (state !== 'RUNNING') throw new Error(`worker is ${state}`);
      },
      ...(hasEvents && {
        events: async () => {
          if (!events) throw new WaitingForDependency('waiting for the database');
          return events.check();
        },
      }),
    },
    undefined,
    { internalToken: internalApiToken(config), extraMetrics: sdkMetricsServed ? fetchExporter(sdkMetrics) : undefined },
  );
  const mountRoutes = lateRoutes(app);
  const server: http.Server = await listen(
    app,
    servicePort(config, def.name),
    envKey(def.name, 'HTTP_PORT'),
    config.SERVICE_BIND_HOST,
  );

  // a signal while still waiting ends the wait (once the worker runs, the Temporal runtime drains it on the same signals)
  const stopWaiting = new AbortController();
  const signal = shutdownSignal();
  void signal.received.then(() => stopWaiting.abort(new Error('stopped by a signal while waiting for dependencies')));
  const hooks = new ShutdownHooks();

  try {
    const wait = { signal: stopWaiting.signal };
    // each dependency counts as there as soon as it answers, so /ready names only what is still missing
    [connection, orm] = await Promise.all([
      untilConnected('Temporal', () => connectWorker(config.temporalAddress), logger, {
        ...wait,
        onWaiting: (r) => (waiting.temporal = r),
      }).then((c) => (connection = c)),
      untilConnected(
        'the database',
        // one replica at a time migrates and seeds (the others wait for the lock, then find it done)
        () =>
          withMigrationLock(clientUrl, async () => {
            const opened = await openDatabase({ clientUrl, ...def.database });
            try {
              if (def.seed) await def.seed(opened);
            } catch (err) {
              await opened.close(true);
              throw err;
            }
            return opened;
          }),
        logger,
        { ...wait, onWaiting: (r) => (waiting.database = r) },
      ).then((o) => (orm = o)),
    ]);
    logger.info({ migrations: def.database.migrations.length }, 'database ready, migrations applied');
    const deps: ServiceDeps = { orm, config, logger, onShutdown: (name, hook) => hooks.add(name, hook) };
    if (def.routes) mountRoutes(def.routes(deps));
    if (hasEvents) {
      const consumers = def.consumers?.(deps) ?? [];
      const publishesEvents = Boolean(def.publishesEvents);
      events = startServiceEvents({ orm, config, logger, databaseUrl: clientUrl, publishesEvents, consumers });
    }

    worker = await untilConnected(
      'the task queue',
      () =>
        Worker.create({
          connection: connection!,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: TASK_QUEUES[def.name],
          activities: def.activities(deps),
          ...def.workflows,
          ...(def.workflows && { maxCachedWorkflows: config.WORKFLOW_CACHE_SIZE }),
          interceptors: { ...def.workflows?.interceptors, activity: [activityTracing, activityRequestLog] },
          sinks: { ...workflowSpanSinks(telemetry), ...workflowMetricsSinks() },
        }),
      logger,
      wait,
    );
    signal.abort();
    logger.info({ taskQueue: TASK_QUEUES[def.name], port: servicePort(config, def.name) }, 'worker started');
    await worker.run();
    logger.info('worker drained');
  } catch (err) {
    if (!stopWaiting.signal.aborted) throw err;
    logger.info('stopped before its dependencies answered');
  } finally {
    await closeServer(server, 5_000);
    await hooks.runAll(logger);
    await events?.stop();
    await connection?.close();
    await orm?.close(true);
    await telemetry.shutdown();
    logger.info('stopped');
  }
}

/** Entry point helper for `workers/<service>.ts`: runs the service, prints a clear fatal line and exits non-zero on failure. */
export function main(def: ServiceDefinition): void {
  runMain(def.name, () => runService(def));
}
