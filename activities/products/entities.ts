import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Table `products`: the catalog; prices are integer cents. */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'products',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    description: p.text(),
    priceCents: p.integer(),
    currency: p.string(),
    updatedAt: p.datetime(),
  },
});

/** A row of `products`. */
export type Product = InferEntity<typeof Product>;

/**
 * Table `price_changes`: one applied price change per `changeId` (its business key), written in the same transaction
 * as the new price.
 */
export const PriceChange = defineEntity({
  name: 'PriceChange',
  tableName: 'price_changes',
  properties: {
    changeId: p.string().primary(),
    productId: p.string(),
    oldPriceCents: p.integer(),
    newPriceCents: p.integer(),
    createdAt: p.datetime(),
  },
});

/** A row of `price_changes`. */
export type PriceChange = InferEntity<typeof PriceChange>;
