import type { Context, Next } from 'koa';
import { HttpError } from '../http-error';

const VALID = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** Until authentication arrives, the customer is named by `X-Customer-Id`; missing gets 401, malformed 400. */
export async function customerId(ctx: Context, next: Next) {
  const id = ctx.get('X-Customer-Id');
  if (!id) throw new HttpError(401, 'UNAUTHENTICATED', 'Name the customer in the X-Customer-Id header.');
  if (!VALID.test(id)) throw new HttpError(400, 'INVALID_CUSTOMER_ID', 'X-Customer-Id must be 1-64 letters, digits or _.:@-');
  ctx.state.customerId = id;
  await next();
}
