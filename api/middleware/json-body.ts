import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { HttpError } from '../http-error';

/** Largest accepted body. */
export const BODY_LIMIT = '64kb';

const parse = bodyParser({ enableTypes: ['json'], jsonLimit: BODY_LIMIT, encoding: 'utf-8' });

/** JSON bodies only: other content types get 415, broken JSON 400, bodies over 64 KB 413. */
export async function jsonBody(ctx: Context, next: Next) {
  if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && ctx.request.length !== 0 && ctx.get('content-length') !== '0') {
    if (!ctx.is('application/json')) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  try {
    await parse(ctx, async () => undefined);
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    if (status === 413) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${BODY_LIMIT}.`);
    throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON.');
  }
  await next();
}
