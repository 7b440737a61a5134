import { trace } from '@opentelemetry/api';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { activeTraceId } from '../../lib/trace-context';

/** `ctx.path`, or the raw target when Node's URL parser throws on it (the request is refused, but still logged). */
const pathOf = (ctx: Context): string => {
  try {
    return ctx.path;
  } catch {
    return ctx.url;
  }
};

/** One JSON line per request: id, method, route, status, duration, customer, trace id; the request's span is named `<METHOD> <route>`. */
export function requestLog(logger: Logger) {
  return async function logRequest(ctx: Context, next: Next) {
    const started = process.hrtime.bigint();
    const span = trace.getActiveSpan(); // the HTTP server span, when tracing runs
    const traceId = activeTraceId(span);
    try {
      await next();
    } finally {
      const routerPath = (ctx as { routerPath?: string }).routerPath;
      if (routerPath) span?.setAttribute('http.route', routerPath).updateName(`${ctx.method} ${routerPath}`);
      logger.info(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          route: routerPath ?? pathOf(ctx),
          status: ctx.status,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          customerId: ctx.state.customerId,
          traceId,
        },
        'request',
      );
    }
  };
}
