// The products service: a worker on the `products` task queue, its own database, and its read API.
import { main } from './bootstrap';
import { createProductsActivities } from '../activities/products/activities';
import { createProductsRouter } from '../activities/products/http';
import { productsDatabase } from '../activities/products/mikro-orm.config';
import { seedProducts } from '../activities/products/seed';
import { createRedis } from '../lib/redis';

main({
  name: 'products',
  database: productsDatabase,
  activities: ({ orm, config, logger }) => {
    // lazy: connects on the first cache invalidation; the bootstrap has no shutdown hook, so the socket is dropped at exit
    const redis = createRedis(config.redisUrl, logger);
    process.once('exit', () => redis.disconnect());
    return createProductsActivities({ orm, redis });
  },
  routes: createProductsRouter,
  seed: seedProducts,
});
