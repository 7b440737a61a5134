// The inventory service: a worker on the `inventory` task queue, its own database, and its read API.
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
});
