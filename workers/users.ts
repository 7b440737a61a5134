// The users service: a worker on the `users` task queue, its own database, its API (read, login, JWKS), and the relay
// of its outbox (`user.created`).
import { main } from './bootstrap';
import { createUsersActivities } from '../activities/users/activities';
import { createUsersRouter } from '../activities/users/http';
import { usersDatabase } from '../activities/users/mikro-orm.config';
import { seedUsers } from '../activities/users/seed';

main({
  name: 'users',
  database: usersDatabase,
  activities: createUsersActivities,
  routes: createUsersRouter,
  seed: seedUsers,
  publishesEvents: true,
});
