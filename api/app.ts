import Koa from 'koa';
import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorHandler } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { jsonBody } from './middleware/json-body';
import { rateLimit } from './middleware/rate-limit';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { orderRoutes } from './routes/orders';
import { productRoutes } from './routes/products';
import { CatalogClient } from './services/catalog';
import { OrdersStore } from './services/orders-store';
import { loadConfig, serviceUrl, type PlatformConfig } from '../lib/config';

/** What the gateway needs from the outside; tests pass their own. */
export interface AppDeps {
  temporal: Client;
  redis: Redis;
  logger: Logger;
  /** Requests per client per minute on `/api`. */
  rateLimitPerMinute?: number;
  /** How long a route waits for its workflow's result before answering 202 (default 15 s, see authRoutes). */
  resultTimeoutMs?: number;
  /** Settings (service URLs, checkout knobs); the defaults when omitted. */
  config?: PlatformConfig;
}

/** Builds the gateway (never listens: tests use `app.callback()`). */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  const config = deps.config ?? loadConfig({});
  const catalog = new CatalogClient(serviceUrl(config, 'products'), serviceUrl(config, 'inventory'));
  const routers = [
    healthRoutes(),
    authRoutes({ temporal: deps.temporal, resultTimeoutMs: deps.resultTimeoutMs }),
    productRoutes({ catalog }),
    orderRoutes({
      temporal: deps.temporal,
      catalog,
      orders: new OrdersStore(serviceUrl(config, 'orders')),
      placementWaitMs: config.ORDER_PLACEMENT_WAIT,
      settings: {
        approvalThresholdCents: config.APPROVAL_THRESHOLD_CENTS,
        approvalTimeoutMs: config.APPROVAL_TIMEOUT,
        chargeBudgetMs: config.CHARGE_TIMEOUT,
      },
    }),
  ];
  app.use(requestId);
  app.use(requestLog(deps.logger));
  app.use(errorHandler(deps.logger));
  app.use(jsonBody);
  const limit = rateLimit({
    redis: deps.redis, max: deps.rateLimitPerMinute ?? 300, durationMs: 60_000, prefix: 'api',
    onRedisDown: (err) => deps.logger.warn({ err: err.message }, 'rate limiter cannot reach Redis: serving without limits until it is back'),
  });
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? limit(ctx, next) : next()));
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  app.on('error', () => undefined); // errors are logged by errorHandler with their request id
  return app;
}
