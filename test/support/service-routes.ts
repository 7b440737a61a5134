// Every route of every service's HTTP API, read from the routers themselves, so tests cover a new route without a list to keep up.
import type Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import { loadConfig, servicePort } from '../../lib/config';
import { internalApiToken, internalAuthHeader } from '../../lib/internal-auth';
import { createInventoryRouter } from '../../activities/inventory/http';
import { createNotificationsRouter } from '../../activities/notifications/http';
import { createOrdersRouter } from '../../activities/orders/http';
import { createPaymentsRouter } from '../../activities/payments/http';
import { createProductsRouter } from '../../activities/products/http';
import { createUsersRouter } from '../../activities/users/http';
import { testConfig, testProcessEnv } from './test-env';

/** Each service's router factory, as its worker (workers/<service>.ts) mounts it. */
const ROUTERS: Record<ServiceName, (deps: { orm: MikroORM }) => Router> = {
  orders: createOrdersRouter,
  inventory: createInventoryRouter,
  payments: createPaymentsRouter,
  users: (deps) => createUsersRouter({ ...deps, config: { TOKEN_TTL: 60_000 } }),
  products: createProductsRouter,
  notifications: createNotificationsRouter,
};

/** One route of a service's HTTP API. */
export interface ServiceRoute {
  service: ServiceName;
  method: string;
  /** The router's path, with `:params`. */
  path: string;
}

/** Every method and path of every service's router (HEAD of each GET included); the routers are built without a database, never run. */
export function serviceRoutes(): ServiceRoute[] {
  const noDatabase = {} as MikroORM; // building a router touches no database; only its route table is read
  return SERVICE_NAMES.flatMap((service) =>
    ROUTERS[service]({ orm: noDatabase }).stack.flatMap((layer) =>
      layer.methods.map((method) => ({ service, method, path: String(layer.path) })),
    ),
  );
}

/** `path` with every `:param` replaced by `value` (URL-encoded). */
export const fillParams = (path: string, value: string): string =>
  path.replace(/:\w+/g, () => encodeURIComponent(value));

/** Base URL of a service's HTTP API on the test stack. */
export const testServiceUrl = (service: ServiceName): string =>
  `http://127.0.0.1:${servicePort(testConfig(), service)}`;

/** The internal credential of the test stack, read the way its processes read it (same environment, same data folder). */
export const testInternalAuth = (): { authorization: string } =>
  internalAuthHeader(internalApiToken(loadConfig(testProcessEnv())));
