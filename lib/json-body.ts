import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware, Next } from 'koa';
import { HttpError } from './http-error';

/**
 * Koa middleware that reads JSON bodies only, of at most `limit` (e.g. `'64kb'`): other content types get 415, broken
 * JSON 400, larger bodies 413. A request that carries no body (neither Content-Length nor Transfer-Encoding, as
 * `curl -X POST` sends it, or `Content-Length: 0`) is an empty body. Used by the gateway and by the users service.
 */
export function jsonBody(limit: string): Middleware {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limit, encoding: 'utf-8' });
  return async function readJsonBody(ctx: Context, next: Next) {
    // ctx.is() is null when the request has no body at all, false when it has one of another type (RFC 9110 §8.6)
    if (
      ['POST', 'PUT', 'PATCH'].includes(ctx.method) &&
      ctx.is('application/json') === false &&
      ctx.request.length !== 0
    ) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    }
    try {
      await parse(ctx, async () => undefined);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 400;
      if (status === 413) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit}.`);
      throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON.');
    }
    await next();
  };
}
