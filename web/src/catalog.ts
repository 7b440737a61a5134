// The catalog with prices and availability (`GET /api/products`), read again at most every few seconds.
import type { ProductDto } from '../../contracts/products';
import { call } from './api';

/** A product as the gateway shows it: availability is null while stock is unknown (`degraded`). */
export type CatalogItem = ProductDto & { availability: number | null };

/** The catalog page of the API. */
export interface Catalog {
  items: CatalogItem[];
  degraded?: boolean;
}

const FRESH_MS = 5_000;
let last: { at: number; catalog: Promise<Catalog> } | undefined;

/** The catalog, from the last read when it is less than 5 s old (`fresh` reads it again). */
export function loadCatalog(fresh = false): Promise<Catalog> {
  if (!fresh && last && Date.now() - last.at < FRESH_MS) return last.catalog;
  const catalog = call<Catalog>('/api/products').then((answer) => answer.body);
  last = { at: Date.now(), catalog };
  catalog.catch(() => (last = undefined)); // a failed read is never kept
  return catalog;
}

/** The product of `productId` in `catalog`. */
export const productOf = (catalog: Catalog | undefined, productId: string): CatalogItem | undefined =>
  catalog?.items.find((item) => item.id === productId);

/** How a product's availability reads on the shelf. */
export function availabilityOf(item: CatalogItem): { label: string; tone: 'ok' | 'low' | 'out' | 'unknown' } {
  if (item.availability === null) return { label: 'Stock unknown', tone: 'unknown' };
  if (item.availability <= 0) return { label: 'Out of stock', tone: 'out' };
  if (item.availability <= 5) return { label: `Only ${item.availability} left`, tone: 'low' };
  return { label: 'In stock', tone: 'ok' };
}
