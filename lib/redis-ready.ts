import type { Redis } from 'ioredis';

/**
 * Resolves true once `redis` is ready (connected, and its ready check answered), false when `timeoutMs` passes first.
 * Never rejects: the caller decides what a Redis that is not there yet means.
 */
export function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
