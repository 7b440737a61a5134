import http from 'node:http';
import Koa from 'koa';
import type Router from '@koa/router';

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

/** Builds the service's HTTP app: `/health` (alive), `/ready` (503 when any check fails), then the service's own routes. */
export function createHealthApp(service: string, checks: Record<string, ReadinessCheck>, routes?: Router): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      ctx.status = status;
      ctx.body = { error: { code: status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: status < 500 ? (err as Error).message : 'internal error' } };
      if (status >= 500) app.emit('error', err, ctx);
    }
  });
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
  if (routes) app.use(routes.routes()).use(routes.allowedMethods());
  return app;
}

/** Starts listening; rejects with a clear message when the port is taken. */
export function listen(app: Koa, port: number, setting: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app.callback());
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; set ${setting} to another port.`) : err),
    );
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
