import type { Context, Next } from 'koa';
import { HttpError } from '../http-error';

/**
 * Mounted before the routers, whose `allowedMethods()` answer a method they do not serve on a known path with 405 (or 501
 * for a method no router implements, such as TRACE) and `Allow`: both become the one error shape, `405 METHOD_NOT_ALLOWED`
 * with `Allow` (RFC 9110 §15.5.6). A path no route serves stays `404`, whatever the method.
 */
export async function methodNotAllowed(ctx: Context, next: Next) {
  await next();
  if (ctx.status !== 405 && ctx.status !== 501) return;
  const allow = ctx.response.get('Allow');
  if (!allow) {
    ctx.remove('Allow');
    throw new HttpError(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
  }
  throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${ctx.method} is not supported here; see Allow.`, undefined, {
    Allow: allow,
  });
}
