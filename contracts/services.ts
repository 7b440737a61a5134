/** The services of the platform; each runs one worker on the task queue of the same name. */
export const SERVICE_NAMES = ['orders', 'inventory', 'payments', 'users', 'products', 'notifications'] as const;

/** One of the platform's services. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Task queue polled by each service's worker: a worker that polls `inventory` is the inventory service. */
export const TASK_QUEUES: Record<ServiceName, string> = {
  orders: 'orders',
  inventory: 'inventory',
  payments: 'payments',
  users: 'users',
  products: 'products',
  notifications: 'notifications',
};

/** Default HTTP port of each service's health and read API. */
export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  orders: 3001,
  inventory: 3002,
  payments: 3003,
  users: 3004,
  products: 3005,
  notifications: 3006,
};

/**
 * Paths of the services' read APIs (GET on each service's HTTP port, behind the internal bearer token). The gateway reads
 * products, stock and orders through its breakers; the others serve operators, the chaos audit and the tests.
 */
export const SERVICE_READ_PATHS = {
  orders: '/orders',
  stock: '/stock',
  reservations: '/reservations',
  products: '/products',
  users: '/users',
  charges: '/charges',
  refunds: '/refunds',
  notifications: '/notifications',
} as const;

/** The path of one item under a read path, e.g. `itemPath(SERVICE_READ_PATHS.orders, id)` is `/orders/<id>`. */
export const itemPath = (base: string, id: string): string => `${base}/${encodeURIComponent(id)}`;

/** The router pattern of one item under a read path, e.g. `/orders/:id`. */
export const itemRoute = (base: string, param = 'id'): string => `${base}/:${param}`;

/** Suffix of an order's timeline under its item path: `GET /orders/<id>/events` (the orders service's read API). */
export const ORDER_EVENTS_SUFFIX = '/events';
