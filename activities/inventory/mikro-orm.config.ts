import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { OutboxEvent, Reservation, Restock, StockItem } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125010000 } from './migrations/Migration20261125010000';
import { Migration20261201000000 } from './migrations/Migration20261201000000';
import { Migration20261203000000 } from './migrations/Migration20261203000000';

/** Entities and ordered migrations of the inventory database (what the worker opens and migrates). */
export const inventoryDatabase = serviceDatabase(
  [StockItem, Reservation, Restock, OutboxEvent],
  [Migration20261125000000, Migration20261125010000, Migration20261201000000, Migration20261203000000],
);

/** MikroORM config of the inventory database (MikroORM CLI, tests): its URL from `INVENTORY_DATABASE_URL`. */
export default serviceOrmConfig('inventory', inventoryDatabase);
