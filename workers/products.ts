// The products service: a worker on the `products` task queue (clearing the catalog cache), its database, its read API.
import { main } from './bootstrap';
import { createProductsActivities } from '../activities/products/activities';
import { createProductsRouter } from '../activities/products/http';
import { productsDatabase } from '../activities/products/mikro-orm.config';
import { seedProducts } from '../activities/products/seed';

main({
  name: 'products',
  database: productsDatabase,
  activities: createProductsActivities,
  routes: createProductsRouter,
  seed: seedProducts,
});
