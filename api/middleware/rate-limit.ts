import ratelimit from 'koa-ratelimit';
import type { Context, Next } from 'koa';
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
  /** Whom a request counts against; the default is the customer when known, else the client IP. */
  key?: (ctx: Context) => string;
  /** Told once per outage when Redis cannot be asked (a per-process in-memory limit then applies). */
  onRedisDown?: (err: Error) => void;
  /** Told when Redis answers again after an outage (the shared limit applies again). */
  onRedisBack?: () => void;
}

/** The customer when the token named one, else the client IP. */
export const customerOrIp = (ctx: Context): string => (ctx.state.customerId ? `c:${ctx.state.customerId}` : `ip:${ctx.ip}`);

/** The client IP, whoever the caller claims to be (for anonymous routes such as login). */
export const clientIp = (ctx: Context): string => `ip:${ctx.ip}`;

/**
 * koa-ratelimit on Redis, so the limit holds across every gateway process sharing it; over the limit it throws 429 with
 * Retry-After and RateLimit-* headers. While Redis cannot be reached the same limit is counted in this process's memory
 * (each gateway then allows `max` on its own), with one warning per outage; the first request Redis answers again
 * switches back.
 */
export function rateLimit({ redis, max, durationMs, prefix, key = customerOrIp, onRedisDown, onRedisBack }: RateLimitOptions) {
  const common = {
    duration: durationMs,
    max,
    id: key,
    namespace: `ratelimit:${prefix}`,
    errorMessage: 'Too many requests; retry after the time in Retry-After.',
    throw: true,
    headers: { remaining: 'RateLimit-Remaining', reset: 'RateLimit-Reset', total: 'RateLimit-Limit' },
  };
  const shared = ratelimit({ ...common, driver: 'redis', db: redis });
  const local = ratelimit({ ...common, driver: 'memory', db: new Map() });
  let down = false;
  const redisAnswered = () => {
    if (!down) return;
    down = false;
    onRedisBack?.();
  };

  return async function limitRequests(ctx: Context, next: Next) {
    let passed = false;
    try {
      await shared(ctx, async () => {
        passed = true;
        redisAnswered();
        await next();
      });
      return;
    } catch (err) {
      if (passed) throw err; // the route's own error
      if ((err as { status?: number }).status === 429) {
        redisAnswered();
        throw err;
      }
      if (!down) onRedisDown?.(err as Error);
      down = true;
    }
    await local(ctx, next);
  };
}
