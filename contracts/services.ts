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
