/** A catalog entry as the products service publishes it. */
export interface ProductDto {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
}

/** Input of `changeProductPrice` / `changePrice`: `changeId` is the business key, so a retried or resubmitted change applies once. */
export interface ChangePriceInput {
  changeId: string;
  productId: string;
  priceCents: number;
}

/** What a price change did (the same answer for every retry of one `changeId`). */
export interface ChangePriceResult {
  changeId: string;
  productId: string;
  oldPriceCents: number;
  newPriceCents: number;
  changedAt: string;
}

/** Activities of the products service (task queue `products`). */
export interface ProductsActivities {
  /** Current prices of the given products; fails with type UNKNOWN_PRODUCT naming any id not in the catalog. */
  getProducts(productIds: string[]): Promise<ProductDto[]>;
  /** Sets a product's price once per `changeId`; fails with type UNKNOWN_PRODUCT, INVALID_PRICE_CHANGE or PRICE_CHANGE_CONFLICT (non-retryable). */
  changePrice(input: ChangePriceInput): Promise<ChangePriceResult>;
  /** Deletes the gateway's cached catalog (`CATALOG_CACHE_KEY`); throws while Redis is unreachable, so Temporal retries. */
  invalidateCatalogCache(): Promise<void>;
}

/** Redis key of the gateway's cached product list (JSON `ProductDto[]`), deleted on every price change. */
export const CATALOG_CACHE_KEY = 'catalog:products';

/** Workflow id of one price change. */
export const changeProductPriceWorkflowId = (changeId: string): string => `change-price-${changeId}`;
