import { ApplicationFailure } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import { ErrorTypes, type ProductDto, type ProductsActivities } from '../../contracts';
import { Product } from './entities';

/** Maps a row to the public DTO. */
export const toProductDto = (p: Product): ProductDto => ({
  id: p.id, name: p.name, description: p.description, priceCents: p.priceCents, currency: p.currency,
});

/** Builds the products activities (read-only: pricing a cart never trusts client prices). */
export function createProductsActivities({ orm }: { orm: MikroORM }): ProductsActivities {
  return {
    async getProducts(productIds: string[]): Promise<ProductDto[]> {
      const rows = await orm.em.fork().find(Product, { id: { $in: productIds } });
      const missing = productIds.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0) {
        throw ApplicationFailure.nonRetryable(`Unknown product: ${missing.join(', ')}`, ErrorTypes.UNKNOWN_PRODUCT, { missing });
      }
      return rows.map(toProductDto);
    },
  };
}
