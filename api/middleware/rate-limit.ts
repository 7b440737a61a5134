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
}

/** koa-ratelimit on Redis, keyed per customer when known, else per client IP; over the limit it throws 429 with Retry-After. */
export function rateLimit({ redis, max, durationMs, prefix }: RateLimitOptions) {
  return ratelimit({
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
}
