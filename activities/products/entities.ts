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
