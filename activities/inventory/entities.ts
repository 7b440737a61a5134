import { EntitySchema } from '@mikro-orm/core';

/** Stock of one product: `available` can be reserved; `reserved` is held for orders in flight. */
export class StockItem {
  productId!: string;
  available!: number;
  reserved!: number;
  updatedAt: Date = new Date();
}

/** Table `stock_items`. */
export const StockItemSchema = new EntitySchema<StockItem>({
  class: StockItem,
  tableName: 'stock_items',
  properties: {
    productId: { type: 'string', primary: true, fieldName: 'product_id' },
    available: { type: 'integer' },
    reserved: { type: 'integer' },
    updatedAt: { type: 'Date', fieldName: 'updated_at' },
  },
});
