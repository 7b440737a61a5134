import ratelimit from 'koa-ratelimit';
import type { Context } from 'koa';
import type { Redis } from 'ioredis';

/** Rate-limit settings of one route group. */
export interface RateLimitOptions {
  redis: Redis;
  /** Requests allowed per window. */
  max: number;
  /** Window length in milliseconds. */
  durationMs: number;
  /** Key prefix, one per route group. */
  prefix: string;
  /** Told once per outage when Redis cannot be asked (requests then pass unlimited until it answers again). */
  onRedisDown?: (err: Error) => void;
}

/** koa-ratelimit on Redis, keyed per customer when known, else per client IP; over the limit it throws 429 with Retry-After. */
export function rateLimit({ redis, max, durationMs, prefix, onRedisDown }: RateLimitOptions) {
  const limit = ratelimit({
    driver: 'redis',
    db: redis,
    duration: durationMs,
    max,
    id: (ctx: Context) => (ctx.state.customerId ? `c:${ctx.state.customerId}` : `ip:${ctx.ip}`),
    namespace: `ratelimit:${prefix}`,
    errorMessage: 'Too many requests; retry after the time in Retry-After.',
    throw: true,
    headers: { remaining: 'RateLimit-Remaining', reset: 'RateLimit-Reset', total: 'RateLimit-Limit' },
  });
  let down = false;
  // Fail open: an unreachable Redis must not turn every request into a 500 (the gateway keeps serving, and says so once).
  return async function limitRequests(ctx: Context, next: () => Promise<unknown>) {
    let passed = false;
    try {
      await limit(ctx, async () => {
        passed = true;
        down = false;
        await next();
      });
    } catch (err) {
      if (passed || (err as { status?: number }).status === 429) throw err;
      if (!down) onRedisDown?.(err as Error);
      down = true;
      await next();
    }
  };
}
