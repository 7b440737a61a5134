import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

/** One JSON line per request: id, method, route, status, duration, customer. */
export function requestLog(logger: Logger) {
  return async function logRequest(ctx: Context, next: Next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      logger.info({
        requestId: ctx.state.requestId,
        method: ctx.method,
        route: (ctx as { routerPath?: string }).routerPath ?? ctx.path,
        status: ctx.status,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        customerId: ctx.state.customerId,
      }, 'request');
    }
  };
}
