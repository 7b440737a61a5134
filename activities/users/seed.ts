import type { MikroORM } from '@mikro-orm/core';
import { DEMO_USER } from '../../contracts';
import { hashPassword } from '../../lib/password';

/** Creates the demo user once (no-op when its email exists). */
export async function seedUsers(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  const [{ n }] = await conn.execute<{ n: string }[]>('select count(*) as n from users where email = ?', [
    DEMO_USER.email,
  ]);
  if (Number(n) > 0) return;
  await conn.execute(
    `insert into users (id, email, name, password_hash, registration_id)
     values (gen_random_uuid(), ?, ?, ?, 'seed-demo-user')
     on conflict do nothing`,
    [DEMO_USER.email, DEMO_USER.name, await hashPassword(DEMO_USER.password)],
  );
}
