import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { HttpError } from '../http-error';
import { isTemporalUnreached, publicTemporalReason, temporalReason, TemporalUnavailableError } from '../temporal-call';
import type { DependencyOutage } from '../dependency-outage';

/** Default codes for HTTP errors raised by Koa and its middleware (body parser, rate limiter, router). */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE_ENTITY', 429: 'RATE_LIMITED',
};

/**
 * The first middleware: every failure becomes `{error: {code, message, requestId}}`, never a stack trace. A 503 the gateway
 * raised on purpose (a dependency is down: its outage is logged once where it was noticed) is logged at debug; any other
 * 5xx is unexpected and logged at error with its stack and the request id. A Temporal call that did not reach a working
 * frontend, on any route, is the 503 TEMPORAL_UNAVAILABLE, and tells `temporalOutage` (one WARN per outage).
 */
export function errorHandler(logger: Logger, temporalOutage?: Pick<DependencyOutage, 'down'>) {
  return async function handleErrors(ctx: Context, next: Next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
    } catch (thrown) {
      const unreached = !(thrown instanceof HttpError) && isTemporalUnreached(thrown);
      if (unreached) temporalOutage?.down(temporalReason(thrown));
      const err = unreached ? new TemporalUnavailableError(publicTemporalReason(thrown)) : thrown; // the full reason goes to the log only
      const requestId = ctx.state.requestId as string | undefined;
      const known = err instanceof HttpError;
      const exposed = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; headers?: Record<string, string> };
      const status = known ? err.status : (exposed.status ?? exposed.statusCode ?? 500);
      const safe = known || (status < 500 && exposed.expose !== false); // HttpError messages are written to be shown
      ctx.status = status;
      ctx.set(known ? (err.headers ?? {}) : (exposed.headers ?? {}));
      ctx.body = {
        error: {
          code: known ? err.code : (CODES[status] ?? 'INTERNAL'),
          message: safe ? (exposed.message ?? 'Request failed') : 'Internal server error',
          ...(known && err.details !== undefined ? { details: err.details } : {}),
          requestId,
        },
      };
      if (known && status === 503) logger.debug({ requestId, code: err.code, details: err.details }, 'request answered 503: a dependency is unavailable');
      else if (status >= 500) logger.error({ err, requestId }, 'request failed');
    }
  };
}
