import type { RestockProductInput, RestockProductResult } from '../contracts';
import { restocks } from './activity-stubs';

/**
 * Adds units of a product to its available stock, once per `restockId` (the inventory activity keeps the business key),
 * and answers what the restock did. The gateway reads availability from inventory on every request (only the product
 * list is cached), so the next `GET /api/products/:id` shows it: no cache to clear.
 */
export async function restockProduct(input: RestockProductInput): Promise<RestockProductResult> {
  return restocks.restockProduct(input);
}
