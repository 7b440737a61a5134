import { serviceDatabase, serviceOrmConfig } from '../../lib/database';
import { OutboxEvent, SigningKey, User } from './entities';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261126000000 } from './migrations/Migration20261126000000';
import { Migration20261203000000 } from './migrations/Migration20261203000000';

/** Entities and ordered migrations of the users database (what the worker opens and migrates). */
export const usersDatabase = serviceDatabase(
  [User, SigningKey, OutboxEvent],
  [Migration20261125000000, Migration20261126000000, Migration20261203000000],
);

/** MikroORM config of the users database (MikroORM CLI, tests): its URL from `USERS_DATABASE_URL`. */
export default serviceOrmConfig('users', usersDatabase);
