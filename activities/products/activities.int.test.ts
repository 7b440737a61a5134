import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { Redis } from 'ioredis';
import { CATALOG_CACHE_KEY, ErrorTypes, type ChangePriceInput } from '../../contracts';
import { createRedis } from '../../lib/redis';
import { openServiceDatabase } from '../../test/support/service-database';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { testConfig } from '../../test/support/test-env';
import { createProductsActivities } from './activities';
import { productsDatabase } from './mikro-orm.config';

let orm: MikroORM;
let redis: Redis;
let acts: ReturnType<typeof createProductsActivities>;
const run = runActivity;
const created: string[] = [];

beforeAll(async () => {
  orm = await openServiceDatabase('products', productsDatabase);
  redis = createRedis(testConfig().redisUrl);
  acts = createProductsActivities({ orm, config: testConfig(), redis });
});
afterAll(async () => {
  // test products never stay in the catalog the stack's other tests list
  if (created.length > 0) {
    await sql(`delete from price_changes where product_id in (${created.map(() => '?').join(', ')})`, created);
    await sql(`delete from products where id in (${created.map(() => '?').join(', ')})`, created);
  }
  redis?.disconnect();
  await orm?.close(true);
});

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
  orm.em.getConnection().execute(query, params);

/** Inserts a test-only product at `priceCents` and returns its id. */
async function product(priceCents: number): Promise<string> {
  const id = `test-${randomUUID()}`;
  created.push(id);
  await sql(
    "insert into products (id, name, description, price_cents, currency) values (?, 'Test product', '', ?, 'USD')",
    [id, priceCents],
  );
  return id;
}

const price = async (id: string) =>
  (await sql<{ price_cents: number }>('select price_cents from products where id = ?', [id]))[0]?.price_cents;
const changes = (changeId: string) => sql('select * from price_changes where change_id = ?', [changeId]);
const change = (input: ChangePriceInput) => run(acts.changePrice, input);

describe('changePrice', () => {
  it('sets the price once per changeId: a retry answers the same result and writes no second row', async () => {
    const productId = await product(2_500);
    const input = { changeId: randomUUID(), productId, priceCents: 1_999 };
    const first = await change(input);
    expect(first).toEqual({
      changeId: input.changeId,
      productId,
      oldPriceCents: 2_500,
      newPriceCents: 1_999,
      changedAt: expect.any(String),
    });
    expect(await price(productId)).toBe(1_999);

    expect(await change(input)).toEqual(first);
    expect(await changes(input.changeId)).toHaveLength(1);
    expect(await price(productId)).toBe(1_999);
  });

  it('a later change records the previous price as old', async () => {
    const productId = await product(1_000);
    await change({ changeId: randomUUID(), productId, priceCents: 1_200 });
    expect(await change({ changeId: randomUUID(), productId, priceCents: 900 })).toMatchObject({
      oldPriceCents: 1_200,
      newPriceCents: 900,
    });
    expect(await price(productId)).toBe(900);
  });

  it('concurrent attempts of one change apply it once', async () => {
    const productId = await product(5_000);
    const input = { changeId: randomUUID(), productId, priceCents: 4_500 };
    const results = await Promise.all([change(input), change(input), change(input)]);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ oldPriceCents: 5_000, newPriceCents: 4_500 });
    expect(await changes(input.changeId)).toHaveLength(1);
  });

  it('an unknown product fails non-retryable with UNKNOWN_PRODUCT and records nothing', async () => {
    const changeId = randomUUID();
    const err = await activityFailure(change({ changeId, productId: `test-missing-${randomUUID()}`, priceCents: 100 }));
    expect(err.type).toBe(ErrorTypes.UNKNOWN_PRODUCT);
    expect(err.nonRetryable).toBe(true);
    expect(await changes(changeId)).toHaveLength(0);
  });

  it('refuses a reused changeId for another price, and a negative price, non-retryable', async () => {
    const productId = await product(700);
    const changeId = randomUUID();
    await change({ changeId, productId, priceCents: 800 });
    const conflict = await activityFailure(change({ changeId, productId, priceCents: 900 }));
    expect(conflict).toMatchObject({ type: ErrorTypes.PRICE_CHANGE_CONFLICT, nonRetryable: true });
    const invalid = await activityFailure(change({ changeId: randomUUID(), productId, priceCents: -1 }));
    expect(invalid).toMatchObject({ type: ErrorTypes.INVALID_PRICE_CHANGE, nonRetryable: true });
    expect(await price(productId)).toBe(800);
  });
});

describe('invalidateCatalogCache', () => {
  it('deletes the cached catalog key in Redis', async () => {
    await redis.set(CATALOG_CACHE_KEY, '[]', 'PX', 60_000);
    await run(acts.invalidateCatalogCache);
    expect(await redis.exists(CATALOG_CACHE_KEY)).toBe(0);
  });

  it('throws while Redis is unreachable (so Temporal retries it)', async () => {
    const down = createRedis('redis://127.0.0.1:1');
    try {
      const offline = createProductsActivities({ orm, config: testConfig(), redis: down });
      await expect(run(offline.invalidateCatalogCache)).rejects.toThrow();
    } finally {
      down.disconnect();
    }
  });
});
