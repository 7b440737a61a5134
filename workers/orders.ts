// The orders service: the workflows and the order activities on the `orders` task queue, its database, its read API,
// the relay of its outbox (`order.*` events) and the `order-timeline` consumer group.
import { main } from './bootstrap';
import { createOrdersActivities } from '../activities/orders/activities';
import { createOrdersRouter } from '../activities/orders/http';
import { ordersDatabase } from '../activities/orders/mikro-orm.config';
import { orderTimelineConsumer } from '../activities/orders/timeline';
import { orderWorkflowCode } from '../workflows/worker-options';

main({
  name: 'orders',
  database: ordersDatabase,
  activities: createOrdersActivities,
  routes: createOrdersRouter,
  workflows: orderWorkflowCode(),
  publishesEvents: true,
  consumers: () => [orderTimelineConsumer()],
});
