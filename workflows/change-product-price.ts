import { sleep } from '@temporalio/workflow';
import type { ChangePriceInput, ChangePriceResult } from '../contracts';
import { priceChanges } from './activity-stubs';

/** Wait before the second cache invalidation: longer than one gateway catalog read (service call + cache write), so a read that fetched the old prices just before the change cannot leave them cached until the TTL. */
export const CACHE_SETTLE_DELAY = '5s';

/** Changes a product's price (once per `changeId`), then clears the gateway's catalog cache, and clears it again after CACHE_SETTLE_DELAY. */
export async function changeProductPrice(input: ChangePriceInput): Promise<ChangePriceResult> {
  const result = await priceChanges.changePrice(input);
  await priceChanges.invalidateCatalogCache();
  await sleep(CACHE_SETTLE_DELAY);
  await priceChanges.invalidateCatalogCache();
  return result;
}
