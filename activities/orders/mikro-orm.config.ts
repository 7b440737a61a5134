import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { Order, OrderEvent, OutboxEvent, ProcessedEvent } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125010000 } from './migrations/Migration20261125010000';
import { Migration20261202000000 } from './migrations/Migration20261202000000';
import { Migration20261204000000 } from './migrations/Migration20261204000000';

/** Entities and ordered migrations of the orders database (what the worker opens and migrates). */
export const ordersDatabase = serviceDatabase(
  [Order, OutboxEvent, OrderEvent, ProcessedEvent],
  [Migration20261125000000, Migration20261125010000, Migration20261202000000, Migration20261204000000],
);

/** MikroORM config of the orders database (MikroORM CLI, tests): its URL from `ORDERS_DATABASE_URL`. */
export default serviceOrmConfig('orders', ordersDatabase);
