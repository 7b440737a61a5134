// Gateway process: loads config, connects Temporal (lazily) and Redis, serves HTTP, shuts down on SIGINT/SIGTERM.
import './tracing';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { lazyClient } from '../lib/temporal';
import { closeServer, listen } from '../lib/http-server';
import { runMain, shutdownSignal } from '../lib/shutdown';
import { createApp } from './app';
import { OrderEventTail } from './services/order-event-tail';
import { metricsApp } from './metrics-app';
import { startMetrics } from '../lib/metrics';
import { redisReady } from '../lib/redis-ready';

/** How long a starting gateway waits for Redis before it serves anyway (its rate limits then count in memory). */
const REDIS_START_WAIT_MS = 3_000;

async function main() {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  startMetrics('gateway');
  const temporal = lazyClient(config.temporalAddress, config.TEMPORAL_NAMESPACE); // Temporal down at start: 503s until it is back, not a crash loop
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (err) => logger.debug({ err: err.message }, 'redis error')); // the rate limiter warns once per outage
  // One tail of events.orders for this process's live order streams, on a connection of its own (its reads block); its
  // commands wait for the connection rather than fail while it is made.
  const orderEvents = new OrderEventTail({
    connect: () => redis.duplicate({ enableOfflineQueue: true, connectionName: 'gateway-order-events' }),
    logger,
  });
  orderEvents.start();
  // Commands fail at once while the connection is made (no offline queue), and the rate limiter would count the first
  // requests in this process's memory instead of the shared count: serve once Redis is ready, or without it after a wait.
  if (!(await redisReady(redis, REDIS_START_WAIT_MS)))
    logger.info(
      { waitedMs: REDIS_START_WAIT_MS },
      'Redis not ready yet: serving; rate limits count in memory until it is',
    );
  const server = await listen(
    createApp({ temporal, redis, logger, config, orderEvents }),
    config.GATEWAY_PORT,
    'GATEWAY_PORT',
    config.GATEWAY_HOST,
  );
  // Prometheus scrapes a listener of its own on the internal address: /metrics is never on the public port
  const metricsServer = await listen(
    metricsApp(),
    config.GATEWAY_METRICS_PORT,
    'GATEWAY_METRICS_PORT',
    config.SERVICE_BIND_HOST,
  );
  logger.info(
    {
      host: config.GATEWAY_HOST,
      port: config.GATEWAY_PORT,
      metrics: `http://${config.SERVICE_BIND_HOST}:${(metricsServer.address() as AddressInfo).port}/metrics`,
    },
    'gateway listening',
  );

  const signal = await shutdownSignal().received;
  logger.info({ signal }, 'shutting down');
  const closed = closeServer(server, 10_000); // in-flight requests get 10 s
  await orderEvents.close(); // ends every open order stream (browsers reconnect to another gateway): none holds the close up
  await closed;
  await closeServer(metricsServer, 0);
  await temporal.connection.close();
  redis.disconnect();
}

runMain('gateway', main);
