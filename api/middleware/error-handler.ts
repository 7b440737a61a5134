import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { errorAnswer, HttpError } from '../http-error';
import { isTemporalUnreached, publicTemporalReason, temporalReason, TemporalUnavailableError } from '../temporal-call';
import type { DependencyOutage } from '../dependency-outage';

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
      if (ctx.status === 404 && ctx.body === undefined)
        throw new HttpError(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
    } catch (thrown) {
      const unreached = !(thrown instanceof HttpError) && isTemporalUnreached(thrown);
      if (unreached) temporalOutage?.down(temporalReason(thrown));
      const err = unreached ? new TemporalUnavailableError(publicTemporalReason(thrown)) : thrown; // the full reason goes to the log only
      const requestId = ctx.state.requestId as string | undefined;
      const { status, headers, error } = errorAnswer(err);
      ctx.status = status;
      ctx.set(headers);
      ctx.body = { error: { ...error, requestId } };
      if (err instanceof HttpError && status === 503)
        logger.debug(
          { requestId, code: err.code, details: err.details },
          'request answered 503: a dependency is unavailable',
        );
      else if (status >= 500) logger.error({ err, requestId }, 'request failed');
    }
  };
}
