import type { Redis } from 'ioredis';

/**
 * Tiny stand-in for ioredis, covering only what koa-ratelimit's redis driver (async-ratelimiter) calls:
 * `defineCommand('ratelimiter', { lua })`, then `ratelimiter(key, nowMs, durationMs, max, peek)` resolving to
 * `[remaining, resetSeconds, max]`. It ignores the Lua text and mirrors the script's sliding window in a Map.
 */
export function fakeRedis(): Redis {
  const hits = new Map<string, number[]>();
  const fake: Record<string, unknown> = {
    defineCommand(name: string) {
      fake[name] = async (key: string, now: number, duration: number, max: number, peek: string) => {
        const live = (hits.get(key) ?? []).filter((t) => t > now - duration);
        const oldest = live[0] ?? now;
        const remaining = max - live.length;
        if (remaining > 0 && peek !== '1') live.push(now);
        hits.set(key, live);
        return [Math.max(remaining, 0), Math.floor((oldest + duration) / 1000), max];
      };
    },
  };
  return fake as unknown as Redis;
}
