/** Stock of one product as the inventory service reports it. */
export interface StockDto {
  productId: string;
  available: number;
  reserved: number;
}

/** Activities of the inventory service (task queue `inventory`). */
export interface InventoryActivities {
  /** Current stock of the given products (unknown ids are left out). */
  getStock(productIds: string[]): Promise<StockDto[]>;
}
