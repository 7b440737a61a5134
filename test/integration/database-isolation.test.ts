import { SERVICE_NAMES } from '../../contracts';
import { query } from '../support/databases';

describe('database per service', () => {
  it.each(SERVICE_NAMES.map((s) => [s]))('the %s role reaches its own database', async (service) => {
    expect(await query(service, 'select current_user as role')).toEqual([{ role: service }]);
  });

  it('the inventory role is refused on the payments database', async () => {
    await expect(query('payments', 'select 1', [], 'inventory')).rejects.toThrow(
      /permission denied for database "payments"/,
    );
  });

  it('no role can connect to any other service database', async () => {
    const refusals: string[] = [];
    for (const role of SERVICE_NAMES) {
      for (const database of SERVICE_NAMES.filter((d) => d !== role)) {
        await query(database, 'select 1', [], role).then(
          () => refusals.push(`${role} CONNECTED to ${database}`),
          (err: Error) => expect(err.message).toMatch(/permission denied/),
        );
      }
    }
    expect(refusals).toEqual([]);
  });

  it('migrations and seed data are in place: catalog, stock with a low-stock item, demo user', async () => {
    const products = await query<{ n: string }>('products', 'select count(*)::int as n from products');
    expect(Number(products[0].n)).toBeGreaterThanOrEqual(8);
    const low = await query('inventory', 'select product_id from stock_items where available <= 5');
    expect(low.length).toBeGreaterThanOrEqual(1);
    expect(await query('users', "select 1 from users where email = 'demo@durable.shop'")).toHaveLength(1);
  });
});
