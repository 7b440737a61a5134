import { isCancellation } from '@temporalio/workflow';
import type { FailureReason, OrderStatus } from '../contracts';

/** Ends the saga with a final status (FAILED or CANCELLED) after its compensations ran. */
export class SagaEnded extends Error {
  constructor(
    readonly status: OrderStatus,
    readonly reason: FailureReason,
  ) {
    super(`${status}: ${reason}`);
  }
}

/** Ends the saga CANCELLED for `reason`. */
export const cancelled = (reason: FailureReason): SagaEnded => new SagaEnded('CANCELLED', reason);

/** The business outcome an error ends the saga with (a workflow cancellation is the customer's), if it is one. */
export function sagaEnding(err: unknown): SagaEnded | undefined {
  if (err instanceof SagaEnded) return err;
  return isCancellation(err) ? cancelled('CUSTOMER_CANCELLED') : undefined;
}
