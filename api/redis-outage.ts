import type { Logger } from 'pino';

/** Tells the log about Redis outages: `down` on every failed command, `back` on every working one. */
export interface RedisOutageLog {
  down(err: Error): void;
  back(): void;
}

/** One warning when Redis goes away and one info line when it is back, however many limiters and cache reads notice it. */
export function redisOutageLog(logger: Pick<Logger, 'warn' | 'info'>): RedisOutageLog {
  let down = false;
  return {
    down: (err: Error) => {
      if (down) return;
      down = true;
      logger.warn({ err: err.message }, 'Redis unreachable: rate limits now counted per gateway process in memory, catalog cache bypassed');
    },
    back: () => {
      if (!down) return;
      down = false;
      logger.info('Redis reachable again: rate limits shared across gateways again');
    },
  };
}
