// A deliberately incompatible change, for the replay safety-net test only: a timer before pricing changes the command sequence.
import { sleep } from '@temporalio/workflow';
import type { OrderCheckoutInput } from '../../../contracts';
import { orderCheckout as today } from '../../../workflows/order-checkout';

/** orderCheckout with a new first command (a 1 ms timer) and no patch: old histories must fail to replay. */
export async function orderCheckout(input: OrderCheckoutInput) {
  await sleep(1);
  return today(input);
}
