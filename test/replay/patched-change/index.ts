// The same change as ../incompatible-change, guarded by patched(): old histories replay, new runs get the timer.
import { patched, sleep } from '@temporalio/workflow';
import type { OrderCheckoutInput } from '../../../contracts';
import { orderCheckout as today } from '../../../workflows/order-checkout';

/** orderCheckout with the new first command behind a patch marker. */
export async function orderCheckout(input: OrderCheckoutInput) {
  if (patched('pause-before-pricing')) await sleep(1);
  return today(input);
}
