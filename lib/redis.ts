import { Redis } from 'ioredis';
import type { Logger } from './logger';

/** A Redis client for a worker: connects on first command, a command fails (for Temporal to retry) instead of waiting while Redis is down. */
export function createRedis(url: string, logger?: Pick<Logger, 'warn'>): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    commandTimeout: 5_000,
  });
  redis.on('error', (err: Error) => logger?.warn({ err: err.message }, 'redis error'));
  return redis;
}
