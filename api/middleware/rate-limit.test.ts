import type { Context } from 'koa';
import type { Redis } from 'ioredis';
import { rateLimit, secondsUntil } from './rate-limit';

/**
 * A Redis whose rate-limit script fails while `state.up` is false, like ioredis with the server gone; counts calls
 * while up (`state.calls`, every script run; the window of the fake is 60 s from each call).
 */
function switchableRedis(state: { up: boolean; calls?: number }, max: number): Redis {
  let used = 0;
  const fake: Record<string, unknown> = {
    defineCommand(name: string) {
      fake[name] = async (_key: string, now: number) => {
        if (!state.up) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
        state.calls = (state.calls ?? 0) + 1;
        used += 1;
        return [Math.max(max - used + 1, 0), Math.floor(now / 1000) + 60, max];
      };
    },
  };
  return fake as unknown as Redis;
}

const ctx = (ip = '127.0.0.1') =>
  ({
    ip,
    state: {},
    set: jest.fn(),
    response: { get: () => '' },
    throw: (status: number, msg: string, props: object) => {
      throw Object.assign(new Error(msg), { status }, props);
    },
  }) as unknown as Context;

describe('rateLimit when Redis is down', () => {
  it('falls back to a per-process in-memory limit, warns once per outage, and returns to Redis when it answers', async () => {
    const state = { up: false };
    const onRedisDown = jest.fn();
    const onRedisBack = jest.fn();
    const limit = rateLimit({
      redis: switchableRedis(state, 1),
      max: 2,
      durationMs: 60_000,
      prefix: 't',
      onRedisDown,
      onRedisBack,
    });
    const next = jest.fn(async () => undefined);

    await limit(ctx(), next);
    await limit(ctx(), next);
    await expect(limit(ctx(), next)).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.any(Number) },
    }); // the memory limit holds
    await limit(ctx('10.0.0.2'), next); // another client has its own count
    expect(next).toHaveBeenCalledTimes(3);
    expect(onRedisDown).toHaveBeenCalledTimes(1);
    expect(onRedisBack).not.toHaveBeenCalled();

    state.up = true; // the shared (Redis) count applies again: max 1 there
    await limit(ctx(), next);
    expect(onRedisBack).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(4);
    await expect(limit(ctx(), next)).rejects.toMatchObject({ status: 429 });
    expect(next).toHaveBeenCalledTimes(4);

    state.up = false; // a second outage is told again
    await limit(ctx('10.0.0.3'), next);
    expect(onRedisDown).toHaveBeenCalledTimes(2);
  });

  it('does not swallow an error thrown by the route behind it', async () => {
    const limit = rateLimit({ redis: switchableRedis({ up: true }, 10), max: 10, durationMs: 60_000, prefix: 't' });
    await expect(
      limit(ctx(), async () => {
        throw new Error('route failed');
      }),
    ).rejects.toThrow('route failed');
  });
});

describe('rateLimit round trips', () => {
  it('asks Redis once per request, and not at all for a client Redis refused until its window frees a request', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime'] });
    try {
      const state = { up: true, calls: 0 };
      const limit = rateLimit({ redis: switchableRedis(state, 1), max: 1, durationMs: 60_000, prefix: 't' });
      const next = jest.fn(async () => undefined);
      await limit(ctx(), next);
      expect(state.calls).toBe(1);
      const fromRedis = await limit(ctx(), next).catch((e: unknown) => e);
      expect(state.calls).toBe(2);
      const fromMemory = await limit(ctx(), next).catch((e: unknown) => e);
      expect(state.calls).toBe(2); // the same answer, without a round trip
      expect(fromMemory).toMatchObject({
        status: 429,
        expose: true,
        message: (fromRedis as Error).message,
        headers: (fromRedis as { headers: object }).headers,
      });
      await limit(ctx('10.0.0.2'), next).catch(() => undefined); // another client is asked about as before
      expect(state.calls).toBe(3);

      jest.advanceTimersByTime(61_000); // the window of the refusal is over: Redis is asked again
      await limit(ctx(), next).catch(() => undefined);
      expect(state.calls).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('RateLimit-Reset', () => {
  /** A context whose headers can be read back, as Koa's response keeps them. */
  const headerCtx = () => {
    const headers: Record<string, string> = {};
    const c = ctx();
    Object.assign(c, {
      set: (name: string | Record<string, unknown>, value?: unknown) => {
        for (const [k, v] of Object.entries(typeof name === 'string' ? { [name]: value } : name))
          headers[k.toLowerCase()] = String(v);
      },
      response: { get: (name: string) => headers[name.toLowerCase()] ?? '' },
    });
    return { c, headers };
  };

  // at most the 60 s window, plus one for koa-ratelimit's rounding of the reset up to a whole second
  it('is the seconds until the window resets (delta-seconds), on a passing request and on the 429, with Redis and in memory', async () => {
    for (const redisUp of [true, false]) {
      const limit = rateLimit({ redis: switchableRedis({ up: redisUp }, 1), max: 1, durationMs: 60_000, prefix: 't' });
      const passing = headerCtx();
      await limit(passing.c, async () => undefined);
      expect(Number(passing.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(passing.headers['ratelimit-reset'])).toBeLessThanOrEqual(61);

      const refused = headerCtx();
      const err = (await limit(refused.c, async () => undefined).then(
        () => undefined,
        (e: unknown) => e,
      )) as { status: number; headers: Record<string, unknown> };
      expect(err.status).toBe(429);
      expect(Number(err.headers['RateLimit-Reset'])).toBeGreaterThan(0);
      expect(Number(err.headers['RateLimit-Reset'])).toBeLessThanOrEqual(61);
      expect(Number(refused.headers['ratelimit-reset'])).toBeLessThanOrEqual(61);
    }
  });

  it('turns an epoch timestamp into the seconds left, never below 0', () => {
    expect(secondsUntil(1_000_060, 1_000_000_000)).toBe(60);
    expect(secondsUntil(1_000_000, 1_000_500_000)).toBe(0);
  });
});
