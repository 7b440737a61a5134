// Gateway process: loads config, connects Temporal (lazily) and Redis, serves HTTP, shuts down on SIGINT/SIGTERM.
import './tracing';
import { Redis } from 'ioredis';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { lazyClient } from '../lib/temporal';
import { listen } from '../workers/health-server';
import { createApp } from './app';

async function main() {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const temporal = lazyClient(config.temporalAddress, config.TEMPORAL_NAMESPACE); // Temporal down at start: 503s until it is back, not a crash loop
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (err) => logger.debug({ err: err.message }, 'redis error')); // the rate limiter warns once per outage
  const server = await listen(createApp({ temporal, redis, logger, config }), config.GATEWAY_PORT, 'GATEWAY_PORT', config.GATEWAY_HOST);
  logger.info({ host: config.GATEWAY_HOST, port: config.GATEWAY_PORT }, 'gateway listening');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const closed = new Promise((resolve) => server.close(resolve));
    setTimeout(() => server.closeAllConnections(), 10_000).unref(); // in-flight requests get 10 s
    await closed;
    await temporal.connection.close();
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  createLogger('gateway').fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
