import ratelimit from 'koa-ratelimit';
import type { Context, Next } from 'koa';
import type { Redis } from 'ioredis';
import { RefusalsUntilReset } from './refusals-until-reset';
import { rateLimitRefusals } from '../../lib/metrics';

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
export const customerOrIp = (ctx: Context): string =>
  ctx.state.customerId ? `c:${ctx.state.customerId}` : `ip:${ctx.ip}`;

/** The client IP, whoever the caller claims to be (for anonymous routes such as login). */
export const clientIp = (ctx: Context): string => `ip:${ctx.ip}`;

/** Name of the header that tells when the window resets. */
const RESET = 'RateLimit-Reset';
const MESSAGE = 'Too many requests; retry after the time in Retry-After.';

/** A 429 like koa-ratelimit's (status, shown message, headers), made without capturing a stack trace. */
class RateLimitedError extends Error {
  readonly status = 429;
  readonly expose = true;
  constructor(readonly headers: Record<string, number>) {
    const depth = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // a refusal is an answer, not a fault: nobody reads its stack
    try {
      super(MESSAGE);
    } finally {
      Error.stackTraceLimit = depth;
    }
  }
}

/** koa-ratelimit writes the reset as an epoch timestamp (seconds); the RateLimit header fields draft wants delta-seconds. */
export const secondsUntil = (epochSeconds: unknown, nowMs = Date.now()): number =>
  Math.max(0, Math.ceil(Number(epochSeconds) - nowMs / 1000));

/**
 * koa-ratelimit on Redis, so the limit holds across every gateway process sharing it; over the limit it throws 429 with
 * Retry-After and RateLimit-* headers. While Redis cannot be reached the same limit is counted in this process's memory
 * (each gateway then allows `max` on its own), with one warning per outage; the first request Redis answers again
 * switches back. `RateLimit-Reset` is the seconds until the window resets, on every answer and on the 429.
 *
 * Cost: one Redis round trip (one script) per request at most. A client Redis refused is refused from memory until its
 * window frees a request (see RefusalsUntilReset): no round trip, the same answer.
 */
export function rateLimit({
  redis,
  max,
  durationMs,
  prefix,
  key = customerOrIp,
  onRedisDown,
  onRedisBack,
}: RateLimitOptions) {
  const common = {
    duration: durationMs,
    max,
    id: key,
    namespace: `ratelimit:${prefix}`,
    errorMessage: MESSAGE,
    throw: true,
    headers: { remaining: 'RateLimit-Remaining', reset: RESET, total: 'RateLimit-Limit' },
  };
  const shared = ratelimit({ ...common, driver: 'redis', db: redis });
  const local = ratelimit({ ...common, driver: 'memory', db: new Map() });
  let down = false;
  const redisAnswered = () => {
    if (!down) return;
    down = false;
    onRedisBack?.();
  };

  /** Rewrites the reset koa-ratelimit set on `ctx` (a passing request) as delta-seconds, then goes on. */
  const passOn = (ctx: Context, next: Next) => {
    if (ctx.response.get(RESET)) ctx.set(RESET, String(secondsUntil(ctx.response.get(RESET))));
    return next();
  };
  /** The same for a 429: its own headers, and those already set on `ctx`. */
  const limited = (ctx: Context, err: unknown) => {
    rateLimitRefusals.inc({ limit: prefix });
    const headers = (err as { headers?: Record<string, unknown> }).headers;
    if (headers?.[RESET] !== undefined) headers[RESET] = secondsUntil(headers[RESET]);
    if (headers?.[RESET] !== undefined) ctx.set(RESET, String(headers[RESET]));
    return err;
  };

  const refused = new RefusalsUntilReset();
  /** The last refusal answered from memory: its headers change once a second at most, so it is made once a second at most. */
  let last: { reset: number; second: number; err: RateLimitedError } | undefined;
  /** The 429 koa-ratelimit would answer a client refused until `reset` (epoch seconds), from memory. */
  const refusedFromMemory = (reset: number) => {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (last?.reset !== reset || last.second !== second) {
      const headers = {
        'RateLimit-Remaining': 0,
        [RESET]: secondsUntil(reset, now),
        'RateLimit-Limit': max,
        'Retry-After': (reset - now / 1000) | 0,
      };
      last = { reset, second, err: new RateLimitedError(headers) };
    }
    return last.err;
  };

  /** Asks Redis (or, while it is down, this process's memory) whether `client` may go on. */
  async function limitByCount(client: string, ctx: Context, next: Next) {
    let passed = false;
    try {
      await shared(ctx, async () => {
        passed = true;
        redisAnswered();
        await passOn(ctx, next);
      });
      return;
    } catch (err) {
      if (passed) throw err; // the route's own error
      if ((err as { status?: number }).status === 429) {
        redisAnswered();
        const epoch = Number((err as { headers?: Record<string, unknown> }).headers?.[RESET]);
        if (Number.isFinite(epoch)) refused.remember(client, epoch);
        throw limited(ctx, err);
      }
      if (!down) onRedisDown?.(err as Error);
      down = true;
    }
    let reached = false;
    try {
      await local(ctx, () => {
        reached = true;
        return passOn(ctx, next);
      });
    } catch (err) {
      throw !reached && (err as { status?: number }).status === 429 ? limited(ctx, err) : err;
    }
  }

  return function limitRequests(ctx: Context, next: Next): Promise<unknown> {
    const client = key(ctx);
    const reset = refused.resetOf(client);
    if (reset !== undefined) {
      rateLimitRefusals.inc({ limit: prefix });
      return Promise.reject(refusedFromMemory(reset)); // no round trip, no async frame
    }
    return limitByCount(client, ctx, next);
  };
}
