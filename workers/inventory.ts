// The inventory service: a worker on the `inventory` task queue, its own database, its read API, and the relay of its
// outbox (`stock.*`).
import { main } from './bootstrap';
import { createInventoryActivities } from '../activities/inventory/activities';
import { createInventoryRouter } from '../activities/inventory/http';
import { inventoryDatabase } from '../activities/inventory/mikro-orm.config';
import { seedInventory } from '../activities/inventory/seed';

main({
  name: 'inventory',
  database: inventoryDatabase,
  activities: createInventoryActivities,
  routes: createInventoryRouter,
  seed: seedInventory,
  publishesEvents: true,
});
