// The notifications service: a worker on the `notifications` task queue, the `notifications` consumer group (emails
// from events), its own database, and its read API.
import { main } from './bootstrap';
import { createNotificationsActivities } from '../activities/notifications/activities';
import { notificationsConsumer } from '../activities/notifications/consumer';
import { createNotificationsRouter } from '../activities/notifications/http';
import { notificationsDatabase } from '../activities/notifications/mikro-orm.config';

main({
  name: 'notifications',
  database: notificationsDatabase,
  activities: createNotificationsActivities,
  routes: createNotificationsRouter,
  consumers: ({ logger }) => [notificationsConsumer(logger)],
});
