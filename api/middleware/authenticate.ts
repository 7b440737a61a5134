import type { Context, Next } from 'koa';
import { bearerToken, type TokenVerifier } from '../auth/token-verifier';
import { HttpError } from '../http-error';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Identifies the caller from `Authorization: Bearer <token>`: a valid token sets `ctx.state.customerId` (its subject);
 * a bad one is kept in `ctx.state.authError` for the routes that require a customer. It refuses nothing itself, so
 * anonymous routes stay anonymous and the rate limiter can key on the customer.
 */
export function identifyCaller(verifier: TokenVerifier) {
  /** Checks the token of `header`, then goes on. */
  async function identifyBy(header: string, ctx: Context, next: Next) {
    const token = bearerToken(header);
    if (!token) {
      ctx.state.authError = new HttpError(
        401,
        'INVALID_TOKEN',
        'Send the token as "Authorization: Bearer <token>".',
        undefined,
        CHALLENGE,
      );
    } else {
      try {
        ctx.state.customerId = (await verifier.verify(token)).customerId;
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        ctx.state.authError = err;
      }
    }
    await next();
  }
  return function identify(ctx: Context, next: Next): Promise<unknown> {
    const header = ctx.get('Authorization');
    return header ? identifyBy(header, ctx, next) : next(); // anonymous: no promise of its own
  };
}

/** Lets the request on only when identifyCaller found a customer: 401 (or the verifier's 503) otherwise. */
export async function requireCustomer(ctx: Context, next: Next) {
  if (!ctx.state.customerId) {
    throw (
      (ctx.state.authError as HttpError | undefined) ??
      new HttpError(
        401,
        'UNAUTHORIZED',
        'Sign in first: send "Authorization: Bearer <token>" with a token from POST /api/auth/login.',
        undefined,
        CHALLENGE,
      )
    );
  }
  await next();
}
