import Koa from 'koa';
import type Router from '@koa/router';
import { loadConfig } from './config';
import { internalApiToken, requireInternalToken } from './internal-auth';
import { serviceErrors } from './service-api';

/** One readiness check: resolves when healthy, throws with a reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

/** Result of one readiness check as `/ready` reports it. */
export interface CheckResult {
  status: 'ok' | 'fail';
  error?: string;
}

/** Runs every check; `ready` is true only when all pass. */
export async function runChecks(checks: Record<string, ReadinessCheck>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      try {
        await check();
        return [name, { status: 'ok' }];
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
}

/**
 * Builds the service's HTTP app: the one error style (lib/service-api.ts), `/health` (alive), `/ready` (503 when any
 * check fails), then the internal credential required of everything else, then the service's own routes (or any
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
  app.use(requireInternalToken(token));
  if (routes) app.use(routes.routes()).use(routes.allowedMethods());
  return app;
}
