// The payments service: a worker on the `payments` task queue (charging at the provider), its database, its read API,
// and the relay of its outbox (`payment.*`).
import { main } from './bootstrap';
import { createPaymentsActivities } from '../activities/payments/activities';
import { createPaymentsRouter } from '../activities/payments/http';
import { paymentsDatabase } from '../activities/payments/mikro-orm.config';

main({
  name: 'payments',
  database: paymentsDatabase,
  activities: createPaymentsActivities,
  routes: createPaymentsRouter,
  publishesEvents: true,
});
