import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { Notification, ProcessedEvent } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261204000000 } from './migrations/Migration20261204000000';

/** Entities and ordered migrations of the notifications database (what the worker opens and migrates). */
export const notificationsDatabase = serviceDatabase(
  [Notification, ProcessedEvent],
  [Migration20261125000000, Migration20261204000000],
);

/** MikroORM config of the notifications database (MikroORM CLI, tests): its URL from `NOTIFICATIONS_DATABASE_URL`. */
export default serviceOrmConfig('notifications', notificationsDatabase);
