import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { ErrorTypes, FINAL_STATUSES } from '../contracts';
import type { CancelSignal, OrderRecord, PlacedUpdateArgs, ShipSignal } from '../contracts';
import type { CheckoutState } from './checkout-state';
import { approveSignal, cancelSignal, placedUpdate, rejectSignal, shipSignal, statusQuery } from './order-messages';

/**
 * What the order's signals brought in (an operator's decision, a shipment, a cancellation), and the windows the saga
 * opens for them; also answers the `status` query and, once `placed`, the `placed` update.
 */
export class CheckoutSignals {
  /** The operator's decision, the first one sent while approval was open. */
  approval?: 'approved' | 'rejected';
  /** Approval is open before the AWAITING_APPROVAL write has returned (approval-window patch). */
  approvalOpen = false;
  /** Shipping is open before the CONFIRMED write has returned (ship-window patch). */
  shipOpen = false;
  /** The customer's cancellation, the first one sent before a final status. */
  cancel?: CancelSignal;
  /** The shipment, the first one sent while shipping was open. */
  shipment?: ShipSignal;
  /** The order is priced and its stock reserved or refused: the `placed` update answers from now on. */
  placed = false;

  private constructor() {}

  /** Sets every handler of the order's messages; `record` gives the order record as the saga last wrote it. */
  static listen(state: CheckoutState, requestHash: string, record: () => OrderRecord | undefined): CheckoutSignals {
    const signals = new CheckoutSignals();
    setHandler(statusQuery, () => state.view());
    setHandler(
      placedUpdate,
      async (_args?: PlacedUpdateArgs) => {
        await condition(() => signals.placed);
        const { status, failureReason } = state;
        return { ...record()!, status, ...(failureReason ? { failureReason } : {}) };
      },
      {
        // Runs before acceptance, so a refusal adds nothing to history: the same Idempotency-Key with another body never
        // joins this order.
        validator: (args?: PlacedUpdateArgs) => {
          if (args && args.requestHash !== requestHash) {
            const message = 'This Idempotency-Key was used for a different order.';
            throw ApplicationFailure.nonRetryable(message, ErrorTypes.IDEMPOTENCY_KEY_REUSED);
          }
        },
      },
    );
    setHandler(approveSignal, () => {
      if (signals.approvalOpen || state.status === 'AWAITING_APPROVAL') signals.approval ??= 'approved';
    });
    setHandler(rejectSignal, () => {
      if (signals.approvalOpen || state.status === 'AWAITING_APPROVAL') signals.approval ??= 'rejected';
    });
    setHandler(shipSignal, (s) => {
      if (signals.shipOpen || state.status === 'CONFIRMED') signals.shipment ??= s;
    });
    setHandler(cancelSignal, (c) => {
      if (!FINAL_STATUSES.includes(state.status)) signals.cancel ??= c ?? {};
    });
    return signals;
  }
}
