import type http from 'node:http';
import type Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { Worker, Runtime, makeTelemetryFilterString, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { TASK_QUEUES, type ServiceName } from '../contracts';
import { envKey, loadConfig, serviceDatabaseUrl, servicePort, type PlatformConfig } from '../lib/config';
import { openDatabase, pingDatabase, type NamedMigration } from '../lib/database';
import { createLogger, type Logger } from '../lib/logger';
import { connectWorker } from '../lib/temporal';
import { temporalLogger } from '../lib/temporal-logger';
import { createHealthApp, listen } from './health-server';
import { activityRequestLog } from './activity-request-log';
import { activityTracing, workflowSpanSinks } from './tracing';
import { startTelemetry } from '../lib/telemetry';
import type { EntitySchema } from '@mikro-orm/core';

/** What the bootstrap hands to a service's factories. */
export interface ServiceDeps {
  orm: MikroORM;
  config: PlatformConfig;
  logger: Logger;
}

/** Everything that makes one service process: its database, activities, optional workflows and read API. */
export interface ServiceDefinition {
  name: ServiceName;
  database: { entities: EntitySchema[]; migrations: NamedMigration[] };
  activities: (deps: ServiceDeps) => object;
  /** Workflow code and interceptors (only the orders service hosts workflows). */
  workflows?: Pick<WorkerOptions, 'workflowsPath' | 'interceptors'>;
  routes?: (deps: ServiceDeps) => Router;
  seed?: (orm: MikroORM) => Promise<void>;
}

/** Runs one service until SIGINT/SIGTERM: DB + migrations + seed, Temporal worker, HTTP health; then drains and closes. */
export async function runService(def: ServiceDefinition): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const telemetry = startTelemetry(def.name);
  const clientUrl = serviceDatabaseUrl(config, def.name);
  if (!clientUrl) throw new Error(`${envKey(def.name, 'DATABASE_URL')} is not set (npm start sets it for the embedded database).`);

  Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });

  const connection: NativeConnection = await connectWorker(config.temporalAddress); // fail fast, before any other work
  const orm = await openDatabase({ clientUrl, ...def.database });
  logger.info({ migrations: def.database.migrations.length }, 'database ready, migrations applied');
  if (def.seed) await def.seed(orm);

  const deps: ServiceDeps = { orm, config, logger };
  let worker: Worker | undefined;
  const server: http.Server = await listen(
    createHealthApp(
      def.name,
      {
        database: () => pingDatabase(orm),
        temporal: async () => {
          await connection.withDeadline(Date.now() + 2_000, () => connection.healthService.check({}));
        },
        worker: async () => {
          const state = worker?.getState() ?? 'NOT_STARTED';
          if (state !== 'RUNNING') throw new Error(`worker is ${state}`);
        },
      },
      def.routes?.(deps),
    ),
    servicePort(config, def.name),
    envKey(def.name, 'HTTP_PORT'),
  );

  try {
    worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUES[def.name],
      activities: def.activities(deps),
      ...def.workflows,
      interceptors: { ...def.workflows?.interceptors, activity: [activityTracing, activityRequestLog] },
      sinks: workflowSpanSinks(telemetry),
    });
    logger.info({ taskQueue: TASK_QUEUES[def.name], port: servicePort(config, def.name) }, 'worker started');
    await worker.run();
    logger.info('worker drained');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await connection.close();
    await orm.close(true);
    await telemetry.shutdown();
    logger.info('stopped');
  }
}

/** Entry point helper for `workers/<service>.ts`: runs the service, prints a clear fatal line and exits non-zero on failure. */
export function main(def: ServiceDefinition): void {
  runService(def).then(
    () => process.exit(0),
    (err: unknown) => {
      createLogger(def.name).fatal(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
