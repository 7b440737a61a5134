import type { Redis } from 'ioredis';

/**
 * Tiny stand-in for ioredis, covering only what the gateway calls. For koa-ratelimit's redis driver (async-ratelimiter):
 * `defineCommand('ratelimiter', { lua })`, then `ratelimiter(key, nowMs, durationMs, max, peek)` resolving to
 * `[remaining, resetSeconds, max]` (it ignores the Lua text and mirrors the script's sliding window in a Map). For the
 * catalog cache and the health check: `get`, `set` (with an optional `PX <ms>` expiry), `del` and `ping`.
 */
export function fakeRedis(): Redis {
  const hits = new Map<string, number[]>();
  const values = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.expiresAt <= Date.now()) values.delete(key);
    return values.get(key);
  };
  const fake: Record<string, unknown> = {
    defineCommand(name: string) {
      fake[name] = async (key: string, now: number, duration: number, max: number, peek: string) => {
        const recent = (hits.get(key) ?? []).filter((t) => t > now - duration);
        const oldest = recent[0] ?? now;
        const remaining = max - recent.length;
        if (remaining > 0 && peek !== '1') recent.push(now);
        hits.set(key, recent);
        return [Math.max(remaining, 0), Math.floor((oldest + duration) / 1000), max];
      };
    },
    async get(key: string) {
      return live(key)?.value ?? null;
    },
    async set(key: string, value: string, mode?: string, ms?: number) {
      const px = typeof mode === 'string' && mode.toUpperCase() === 'PX' && Number(ms) > 0;
      values.set(key, { value: String(value), expiresAt: px ? Date.now() + Number(ms) : Infinity });
      return 'OK';
    },
    async del(...keys: string[]) {
      return keys.flat().filter((k) => live(k) && values.delete(k)).length;
    },
    async ping() {
      return 'PONG';
    },
  };
  return fake as unknown as Redis;
}
