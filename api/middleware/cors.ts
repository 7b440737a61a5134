import cors from '@koa/cors';
import type { Context } from 'koa';

/** Request headers a browser client may send. */
const ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'];
/** Response headers a browser client may read. */
const EXPOSE_HEADERS = [
  'X-Request-Id',
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

/** CORS for the origins in `origins` only (CORS_ORIGINS): preflights answered; any other origin gets no CORS header at all. */
export function corsAllowList(origins: string[]) {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx: Context) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 600,
  });
}
