import { ApplicationFailure } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import type { Redis } from 'ioredis';
import {
  CATALOG_CACHE_KEY,
  ErrorTypes,
  type ChangePriceInput,
  type ChangePriceResult,
  type ProductDto,
  type ProductsActivities,
} from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import { createRedis } from '../../lib/redis';
import { Product, type PriceChange } from './entities';

/**
 * Dependencies of the products activities and read API: the database, and the Redis that holds the gateway's catalog
 * cache. `redis` defaults to a client of `config.redisUrl` (connecting on the first invalidation), closed through
 * `onShutdown`.
 */
export interface ProductsDeps {
  orm: MikroORM;
  config: Pick<PlatformConfig, 'redisUrl'>;
  logger?: Pick<Logger, 'warn'>;
  onShutdown?: (name: string, hook: () => void) => void;
  redis?: Pick<Redis, 'del'>;
}

/** Maps a row to the public DTO. */
export const toProductDto = (p: Product): ProductDto => ({
  id: p.id,
  name: p.name,
  description: p.description,
  priceCents: p.priceCents,
  currency: p.currency,
});

/** A `price_changes` row as raw SQL returns it (`returning *`). */
interface PriceChangeRow {
  change_id: PriceChange['changeId'];
  product_id: PriceChange['productId'];
  old_price_cents: PriceChange['oldPriceCents'];
  new_price_cents: PriceChange['newPriceCents'];
  created_at: PriceChange['createdAt'];
}

const toResult = (row: PriceChangeRow): ChangePriceResult => ({
  changeId: row.change_id,
  productId: row.product_id,
  oldPriceCents: row.old_price_cents,
  newPriceCents: row.new_price_cents,
  changedAt: new Date(row.created_at).toISOString(),
});

/** Refuses a change id or price that cannot be stored (non-retryable: a retry cannot fix it). */
function checkPriceChange({ changeId, productId, priceCents }: ChangePriceInput): void {
  const badPrice = !Number.isSafeInteger(priceCents) || priceCents < 0 || priceCents > 2_147_483_647;
  const problem =
    typeof changeId !== 'string' || changeId.length < 1 || changeId.length > 100
      ? 'changeId must be 1-100 characters'
      : typeof productId !== 'string' || productId === ''
        ? 'productId is required'
        : badPrice
          ? 'priceCents must be a non-negative integer'
          : undefined;
  if (problem) {
    throw ApplicationFailure.nonRetryable(`Invalid price change: ${problem}.`, ErrorTypes.INVALID_PRICE_CHANGE);
  }
}

/** A non-retryable UNKNOWN_PRODUCT naming the missing products. */
const unknownProduct = (missing: string[]) =>
  ApplicationFailure.nonRetryable(`Unknown product: ${missing.join(', ')}`, ErrorTypes.UNKNOWN_PRODUCT, { missing });

/** The catalog cache's Redis of a worker: a lazy client, closed at shutdown. */
function catalogRedis({ config, logger, onShutdown }: ProductsDeps): Pick<Redis, 'del'> {
  const redis = createRedis(config.redisUrl, logger);
  onShutdown?.('redis', () => redis.disconnect());
  return redis;
}

/** Builds the products activities: pricing reads (never trusting client prices) and price changes. */
export function createProductsActivities(deps: ProductsDeps): ProductsActivities {
  const { orm } = deps;
  const redis = deps.redis ?? catalogRedis(deps);
  return {
    async getProducts(productIds: string[]): Promise<ProductDto[]> {
      const rows = await orm.em.fork().find(Product, { id: { $in: productIds } });
      const missing = productIds.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0) throw unknownProduct(missing);
      return rows.map(toProductDto);
    },

    async changePrice(input: ChangePriceInput): Promise<ChangePriceResult> {
      checkPriceChange(input);
      const { changeId, productId, priceCents } = input;
      return orm.em.fork().transactional(async (em) => {
        const trx = em.getTransactionContext();
        const sql = <T>(query: string, params: unknown[]) => em.getConnection().execute<T[]>(query, params, 'all', trx);
        // lock the product first: concurrent changes of one product apply one after the other
        const [product] = await sql<{ price_cents: number }>(
          'select price_cents from products where id = ? for update',
          [productId],
        );
        if (!product) throw unknownProduct([productId]);
        const [claimed] = await sql<PriceChangeRow>(
          `insert into price_changes (change_id, product_id, old_price_cents, new_price_cents) values (?, ?, ?, ?)
           on conflict (change_id) do nothing returning *`,
          [changeId, productId, product.price_cents, priceCents],
        );
        if (!claimed) {
          const [done] = await sql<PriceChangeRow>('select * from price_changes where change_id = ?', [changeId]);
          if (done!.product_id !== productId || done!.new_price_cents !== priceCents) {
            const message = `Change ${changeId} already set ${done!.product_id} to ${done!.new_price_cents}.`;
            throw ApplicationFailure.nonRetryable(message, ErrorTypes.PRICE_CHANGE_CONFLICT);
          }
          return toResult(done!); // a retry: the change is already applied
        }
        await sql('update products set price_cents = ?, updated_at = now() where id = ?', [priceCents, productId]);
        return toResult(claimed);
      });
    },

    async invalidateCatalogCache(): Promise<void> {
      await redis.del(CATALOG_CACHE_KEY);
    },
  };
}
