import Koa from 'koa';
import type Router from '@koa/router';
import { loadConfig } from './config';
import { internalApiToken, requireInternalToken } from './internal-auth';
import { serviceErrors } from './service-api';
import { metricsRoute } from './metrics';

/** One readiness check: resolves when healthy (optionally with figures worth showing), throws with a reason otherwise. */
export type ReadinessCheck = () => Promise<void | Record<string, unknown>>;

/** Result of one readiness check as `/ready` reports it. */
export interface CheckResult {
  status: 'ok' | 'fail';
  error?: string;
  /** What a passing check reported, e.g. the outbox relay's lag. */
  detail?: Record<string, unknown>;
}

/** Runs every check; `ready` is true only when all pass. */
export async function runChecks(checks: Record<string, ReadinessCheck>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      try {
        const detail = await check();
        return [name, detail ? { status: 'ok', detail } : { status: 'ok' }];
      } catch (err) {
        return [name, { status: 'fail', error: err instanceof Error ? err.message : String(err) }];
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.status === 'ok'), checks: results };
}

/** Options of a service's HTTP app; the defaults suit production, tests pass their own. */
export interface HealthAppOptions {
  /** The credential the service's routes require (default: the deployment's, see lib/internal-auth.ts). */
  internalToken?: string;
  /** More exposition text `/metrics` appends to the process's own (a worker's Temporal SDK exporter, lib/metrics.ts). */
  extraMetrics?: () => Promise<string>;
}

/**
 * Builds the service's HTTP app: the one error style (lib/service-api.ts), `/health` (alive), `/ready` (503 when any
 * check fails), `/metrics` (Prometheus; like the probes, no credential: the port binds loopback or the internal network), then the internal credential required of everything else, then the service's own routes (or any
 * middleware the caller adds later).
 */
export function createHealthApp(
  service: string,
  checks: Record<string, ReadinessCheck>,
  routes?: Router,
  options: HealthAppOptions = {},
): Koa {
  const token = options.internalToken ?? internalApiToken(loadConfig());
  const app = new Koa();
  app.use(serviceErrors);
  app.use(async (ctx, next) => {
    if (ctx.path === '/health') {
      ctx.body = { status: 'ok', service, pid: process.pid };
      return;
    }
    if (ctx.path === '/ready') {
      const { ready, checks: results } = await runChecks(checks);
      ctx.status = ready ? 200 : 503;
      ctx.body = { status: ready ? 'ready' : 'not_ready', service, checks: results };
      return;
    }
    await next();
  });
  app.use(metricsRoute(options.extraMetrics));
  app.use(requireInternalToken(token));
  if (routes) app.use(routes.routes()).use(routes.allowedMethods());
  return app;
}
