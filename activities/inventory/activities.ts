import type { MikroORM } from '@mikro-orm/core';
import type { InventoryActivities, StockDto } from '../../contracts';
import { StockItem } from './entities';

/** Maps a row to the public DTO. */
export const toStockDto = (s: StockItem): StockDto => ({ productId: s.productId, available: s.available, reserved: s.reserved });

/** Builds the inventory activities. */
export function createInventoryActivities({ orm }: { orm: MikroORM }): InventoryActivities {
  return {
    async getStock(productIds: string[]): Promise<StockDto[]> {
      const rows = await orm.em.fork().find(StockItem, { productId: { $in: productIds } });
      return rows.map(toStockDto);
    },
  };
}
