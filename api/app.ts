import Koa, { type Context, type Next } from 'koa';
import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SERVICE_NAMES, USERS_AUTH_PATHS, type ServiceName } from '../contracts';
import { loadConfig, serviceUrl, type PlatformConfig } from '../lib/config';
import { internalApiToken } from '../lib/internal-auth';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { HttpError } from './http-error';
import { errorHandler } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { httpMetrics } from '../lib/metrics';
import { corsAllowList } from './middleware/cors';
import { jsonBody } from '../lib/json-body';
import { methodNotAllowed } from './middleware/allowed-methods';
import { identifyCaller, requireCustomer } from './middleware/authenticate';
import { clientIp, customerOrIp, rateLimit } from './middleware/rate-limit';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { orderRoutes } from './routes/orders';
import { productRoutes } from './routes/products';
import { openApiRoutes } from './routes/openapi';
import { storefront } from './storefront';
import { CatalogClient } from './services/catalog';
import { OrdersStore } from './services/orders-store';
import { OrderEventTail, type OrderEventFeed } from './services/order-event-tail';
import { UsersClient } from './services/users-client';
import { breakerStates, serviceClient, type ServiceClient, type ServiceClientOptions } from './services/service-client';
import { dependencyOutages, REDIS_OUTAGE_NOTES, type DependencyOutages } from './dependency-outage';

/** What the gateway needs from the outside; tests pass their own. */
export interface AppDeps {
  temporal: Client;
  redis: Redis;
  logger: Logger;
  /**
   * The process's one tail of `events.orders`, which the live order streams follow (api/server.ts starts it with the
   * gateway and closes it at shutdown). Omitted: a tail on a duplicate of `redis`, started by the first stream, never closed.
   */
  orderEvents?: OrderEventFeed;
  /** How long register waits for its workflow's result before answering 202 (default 15 s, see authRoutes). */
  resultTimeoutMs?: number;
  /** Settings (service URLs, limits, CORS, checkout knobs); the defaults when omitted. */
  config?: PlatformConfig;
  /** Checks bearer tokens; by default against the users service's JWKS. */
  verifier?: TokenVerifier;
  /** Breaker and timeout knobs of the service clients (tests shorten them). */
  serviceOptions?: ServiceClientOptions;
  /** The credential presented to every service; by default the deployment's (lib/internal-auth.ts). */
  internalToken?: string;
  /** The folder of the built storefront served at `/` (default dist/web, see api/storefront.ts). */
  storefrontDir?: string;
}

/** Largest body the gateway reads. */
export const BODY_LIMIT = '64kb';

/** The spellings of `path` the routers treat as the same route (they match case-insensitively, trailing slash optional). */
const routedPaths = (path: string) => [path.toLowerCase(), path.toLowerCase().replace(/\/+$/, '')];

type Middleware = (ctx: Context, next: Next) => Promise<unknown>;

/** Runs `mw` only for requests whose method and path match (in any spelling that reaches the same route). */
const only =
  (method: string | undefined, test: (path: string) => boolean, mw: Middleware) => (ctx: Context, next: Next) =>
    (method === undefined || ctx.method === method) && routedPaths(ctx.path ?? '').some(test) ? mw(ctx, next) : next();

const isOrdersPath = (p: string) => p === '/api/orders' || p.startsWith('/api/orders/');

/**
 * Counts each request under `/api` against exactly one limit, so it costs one Redis round trip at most: `POST
 * /api/auth/login` against the login limit (per IP), a signed-in customer's `POST /api/orders` against the order limit
 * (per customer), anything else under `/api` (an anonymous `POST /api/orders` too, before its 401) against the `/api`
 * limit. The answer's `RateLimit-*` headers are those of the limit it counted against.
 */
const oneLimitPerRequest =
  (limits: { api: Middleware; login: Middleware; placeOrder: Middleware }) => (ctx: Context, next: Next) => {
    const paths = routedPaths(ctx.path ?? '');
    if (!paths.some((p) => p.startsWith('/api/'))) return next();
    const post = ctx.method === 'POST';
    if (post && paths.includes('/api/auth/login')) return limits.login(ctx, next);
    if (post && ctx.state.customerId && paths.includes('/api/orders')) return limits.placeOrder(ctx, next);
    return limits.api(ctx, next);
  };

/** Refuses a request target Node's URL parser throws on (e.g. `/\[#?@`): every later read of `ctx.path` would fail with a 500. */
function parsableTarget(ctx: Context, next: Next): Promise<unknown> {
  try {
    void ctx.path;
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request target is not a valid URL.');
  }
  return next();
}

/** Every router of the gateway, in the order they are mounted (the OpenAPI coverage test reads their routes). */
export function gatewayRouters(
  deps: AppDeps,
  config: PlatformConfig,
  clients: Record<ServiceName, ServiceClient>,
  outages: DependencyOutages = dependencyOutages(deps.logger),
): Router[] {
  const catalog = new CatalogClient({
    products: clients.products,
    inventory: clients.inventory,
    redis: deps.redis,
    cacheTtlMs: config.PRODUCTS_CACHE_TTL,
    logger: deps.logger,
    redisOutage: outages('redis', REDIS_OUTAGE_NOTES),
  });
  return [
    healthRoutes({
      temporal: deps.temporal,
      redis: deps.redis,
      timeoutMs: config.SERVICE_CALL_TIMEOUT,
      serviceUrl: (s) => serviceUrl(config, s),
      breakers: () => breakerStates(Object.values(clients)),
    }),
    openApiRoutes({ catalog }),
    authRoutes({
      temporal: deps.temporal,
      users: new UsersClient(clients.users),
      resultTimeoutMs: deps.resultTimeoutMs,
    }),
    productRoutes({ catalog }),
    orderRoutes({
      temporal: deps.temporal,
      catalog,
      orders: new OrdersStore(clients.orders),
      placementWaitMs: config.ORDER_PLACEMENT_WAIT,
      temporalCallMs: config.TEMPORAL_CALL_TIMEOUT,
      outages,
      settings: {
        approvalThresholdCents: config.APPROVAL_THRESHOLD_CENTS,
        approvalTimeoutMs: config.APPROVAL_TIMEOUT,
        chargeBudgetMs: config.CHARGE_TIMEOUT,
      },
      stream: {
        feed:
          deps.orderEvents ??
          new OrderEventTail({
            connect: () => deps.redis.duplicate({ enableOfflineQueue: true }),
            logger: deps.logger,
          }),
        redis: deps.redis,
        heartbeatMs: config.SSE_HEARTBEAT,
        logger: deps.logger,
      },
    }),
  ];
}

/**
 * Builds the gateway (never listens: tests use `app.callback()`). Order of the edge: request id, request log, HTTP
 * metrics (by matched route), CORS, the
 * one error middleware, the storefront's static files (`/` and `/assets/*` only), caller identity (bearer token), rate
 * limits, the customer requirement of `/api/orders*`, JSON body, then the routes — so a refused request is refused
 * before its body is read or any workflow is touched.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  const config = deps.config ?? loadConfig({});
  const internalToken = deps.internalToken ?? internalApiToken(config);
  const outages = dependencyOutages(deps.logger); // one WARN per dependency outage, one INFO when it is back
  const clients = Object.fromEntries(
    SERVICE_NAMES.map((s) => [
      s,
      serviceClient(config, s, { logger: deps.logger, internalToken, outage: outages(s), ...deps.serviceOptions }),
    ]),
  ) as Record<ServiceName, ServiceClient>;
  const verifier =
    deps.verifier ??
    createTokenVerifier({
      jwksUrl: `${serviceUrl(config, 'users')}${USERS_AUTH_PATHS.jwks}`,
      timeoutMs: config.SERVICE_CALL_TIMEOUT,
      internalToken,
      outage: outages('users'),
    });
  const outage = outages('redis', REDIS_OUTAGE_NOTES);
  const limit = (prefix: string, max: number, key = customerOrIp) =>
    rateLimit({
      redis: deps.redis,
      max,
      durationMs: 60_000,
      prefix,
      key,
      onRedisDown: outage.down,
      onRedisBack: outage.back,
    });

  app.use(requestId);
  app.use(requestLog(deps.logger));
  app.use(httpMetrics());
  app.use(corsAllowList(config.CORS_ORIGINS));
  app.use(errorHandler(deps.logger, outages('temporal')));
  app.use(parsableTarget);
  app.use(storefront(deps.storefrontDir));
  app.use(identifyCaller(verifier));
  app.use(
    oneLimitPerRequest({
      api: limit('api', config.RATE_LIMIT_PER_MINUTE),
      login: limit('login', config.RATE_LIMIT_LOGIN_PER_MINUTE, clientIp),
      placeOrder: limit('place-order', config.RATE_LIMIT_ORDERS_PER_MINUTE),
    }),
  );
  app.use(only(undefined, isOrdersPath, requireCustomer));
  app.use(jsonBody(BODY_LIMIT));
  // a method a path does not serve, even one no router implements (TRACE, QUERY...), is 405 with Allow, not the router's 501
  app.use(methodNotAllowed);
  for (const router of gatewayRouters(deps, config, clients, outages))
    app.use(router.routes()).use(router.allowedMethods());
  app.on('error', () => undefined); // errors are logged by errorHandler with their request id
  return app;
}
