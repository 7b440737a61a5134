import type { MikroORM } from '@mikro-orm/core';
import { CURRENCY, SEED_PRODUCTS } from '../../contracts';

/** Inserts the demo catalog; existing rows are left as they are. */
export async function seedProducts(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  for (const p of SEED_PRODUCTS) {
    await conn.execute(
      `insert into products (id, name, description, price_cents, currency) values (?, ?, ?, ?, ?)
       on conflict (id) do nothing`,
      [p.id, p.name, p.description, p.priceCents, CURRENCY],
    );
  }
}
