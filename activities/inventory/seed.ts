import type { MikroORM } from '@mikro-orm/core';
import { SEED_PRODUCTS } from '../../contracts';

/** Stocks the demo catalog once; existing rows are left as they are. */
export async function seedInventory(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  for (const p of SEED_PRODUCTS) {
    await conn.execute(
      'insert into stock_items (product_id, available, reserved) values (?, ?, 0) on conflict (product_id) do nothing',
      [p.id, p.initialStock],
    );
  }
}
