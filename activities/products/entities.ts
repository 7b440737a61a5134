import { EntitySchema } from '@mikro-orm/core';

/** A catalog entry; prices are integer cents. */
export class Product {
  id!: string;
  name!: string;
  description!: string;
  priceCents!: number;
  currency!: string;
  updatedAt: Date = new Date();
}

/** Table `products`. */
export const ProductSchema = new EntitySchema<Product>({
  class: Product,
  tableName: 'products',
  properties: {
    id: { type: 'string', primary: true },
    name: { type: 'string' },
    description: { type: 'text' },
    priceCents: { type: 'integer', fieldName: 'price_cents' },
    currency: { type: 'string' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});

/** One applied price change; `changeId` is its business key, written in the same transaction as the new price. */
export class PriceChange {
  changeId!: string;
  productId!: string;
  oldPriceCents!: number;
  newPriceCents!: number;
  createdAt: Date = new Date();
}

/** Table `price_changes`: at most one row per change id. */
export const PriceChangeSchema = new EntitySchema<PriceChange>({
  class: PriceChange,
  tableName: 'price_changes',
  properties: {
    changeId: { type: 'string', primary: true, fieldName: 'change_id' },
    productId: { type: 'string', fieldName: 'product_id' },
    oldPriceCents: { type: 'integer', fieldName: 'old_price_cents' },
    newPriceCents: { type: 'integer', fieldName: 'new_price_cents' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
