import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Table `products`: the catalog; prices are integer cents. */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'products',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    description: p.text(),
    priceCents: p.integer().fieldName('price_cents'),
    currency: p.string(),
    updatedAt: p.datetime().fieldName('updated_at'),
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
    changeId: p.string().primary().fieldName('change_id'),
    productId: p.string().fieldName('product_id'),
    oldPriceCents: p.integer().fieldName('old_price_cents'),
    newPriceCents: p.integer().fieldName('new_price_cents'),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

/** A row of `price_changes`. */
export type PriceChange = InferEntity<typeof PriceChange>;
