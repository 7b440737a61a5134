import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  ORDER_MESSAGES,
  type CancelSignal,
  type OrderRecord,
  type OrderStatusView,
  type PlacedUpdateArgs,
  type ShipSignal,
} from '../contracts';

/** Signal: an operator approves an order awaiting approval. */
export const approveSignal = defineSignal(ORDER_MESSAGES.approve);
/** Signal: an operator rejects an order awaiting approval (-> CANCELLED/REJECTED). */
export const rejectSignal = defineSignal(ORDER_MESSAGES.reject);
/** Signal: the order left the warehouse (-> SHIPPED). */
export const shipSignal = defineSignal<[ShipSignal]>(ORDER_MESSAGES.ship);
/** Signal: the customer cancels (-> refund, restock, CANCELLED/CUSTOMER_CANCELLED). */
export const cancelSignal = defineSignal<[CancelSignal?]>(ORDER_MESSAGES.cancel);
/** Query: status plus each step's state and attempts. */
export const statusQuery = defineQuery<OrderStatusView>(ORDER_MESSAGES.status);
/**
 * Update (used with update-with-start): answers with the order record once it is priced and its stock reserved or refused.
 * Its argument (optional: histories from before it have none) carries the request hash the validator checks.
 */
export const placedUpdate = defineUpdate<OrderRecord, [PlacedUpdateArgs?]>(ORDER_MESSAGES.placed);
