import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { PriceChange, Product } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261126000000 } from './migrations/Migration20261126000000';

/** Entities and ordered migrations of the products database (what the worker opens and migrates). */
export const productsDatabase = serviceDatabase(
  [Product, PriceChange],
  [Migration20261125000000, Migration20261126000000],
);

/** MikroORM config of the products database (MikroORM CLI, tests): its URL from `PRODUCTS_DATABASE_URL`. */
export default serviceOrmConfig('products', productsDatabase);
