/** A catalog entry as the products service publishes it. */
export interface ProductDto {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
}

/** Activities of the products service (task queue `products`). */
export interface ProductsActivities {
  /** Current prices of the given products; fails with type UNKNOWN_PRODUCT naming any id not in the catalog. */
  getProducts(productIds: string[]): Promise<ProductDto[]>;
}
