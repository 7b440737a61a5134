import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { Context, Next } from 'koa';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a well-formed `X-Request-Id` or makes one, stores it in `ctx.state.requestId`, echoes it, and tags the request's span with it (`request.id`). */
export function requestId(ctx: Context, next: Next): Promise<unknown> {
  const given = ctx.get('X-Request-Id');
  ctx.state.requestId = VALID.test(given) ? given : randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  trace.getActiveSpan()?.setAttribute('request.id', ctx.state.requestId as string);
  return next(); // not awaited: one promise less per request
}
