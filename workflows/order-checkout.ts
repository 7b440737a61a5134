import { ApplicationFailure, CancellationScope, condition, isCancellation, log, patched, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { CUSTOMER_ID_KEY, ErrorTypes, FINAL_STATUSES, ORDER_STATUS_KEY, ORDER_TOTAL_KEY } from '../contracts';
import type { CancelSignal, CheckoutStep, FailureReason, OrderCheckoutInput, OrderLine, OrderRecord, OrderStatus, OrderStatusView, PlacedUpdateArgs, ShipSignal } from '../contracts';
import { inventory, notifications, orders, paymentsWithin, products, refunds } from './activity-stubs';
import { CheckoutState } from './checkout-state';
import { failureType } from './failures';
import { approveSignal, cancelSignal, placedUpdate, rejectSignal, shipSignal, statusQuery } from './order-messages';

/** Ends the saga with a final status after its compensations ran. */
class SagaEnded extends Error {
  constructor(readonly status: OrderStatus, readonly reason: FailureReason) {
    super(`${status}: ${reason}`);
  }
}

/**
 * Patch id: the approval window opens before the AWAITING_APPROVAL status write, so an approve/reject that arrives in the
 * same workflow task as that write's result (signals are applied first) is kept instead of dropped.
 */
export const APPROVAL_WINDOW_PATCH = 'approval-window-before-status-write';

/**
 * Patch id: `createOrder` found a record this run did not create (an earlier run of the order, whose history is gone after
 * retention, or another request under the key): the run answers that record and changes nothing.
 */
export const RECORDED_BEFORE_PATCH = 'order-recorded-by-an-earlier-run';

/**
 * Patch id: shipping opens before the CONFIRMED status write, so a ship signal sent once the orders database says
 * CONFIRMED, but before that write's result reaches the workflow, is kept instead of dropped.
 */
export const SHIP_WINDOW_PATCH = 'ship-window-before-confirmed-write';

const message = (err: unknown) => (err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err));

/**
 * The order checkout saga (README, "Placing orders: the checkout saga"): price and record, reserve, approval when large, charge,
 * confirm, then wait for ship or cancel. Compensations are pushed before the step they undo and run in reverse, in a
 * non-cancellable scope, until they succeed.
 */
export async function orderCheckout(input: OrderCheckoutInput): Promise<OrderStatusView> {
  const { orderId, customerId, settings } = input;
  const state = new CheckoutState(orderId);
  const compensations: { name: string; run: () => Promise<unknown> }[] = [];
  let record: OrderRecord | undefined;
  let placed = false;
  let approval: 'approved' | 'rejected' | undefined;
  let approvalOpen = false;
  let shipOpen = false;
  let cancel: CancelSignal | undefined;
  let shipment: ShipSignal | undefined;

  setHandler(statusQuery, () => state.view());
  setHandler(placedUpdate, async (_args?: PlacedUpdateArgs) => {
    await condition(() => placed);
    return { ...record!, status: state.status, ...(state.failureReason ? { failureReason: state.failureReason } : {}) };
  }, {
    // Runs before acceptance, so a refusal adds nothing to history: the same Idempotency-Key with another body never joins this order.
    validator: (args?: PlacedUpdateArgs) => {
      if (args && args.requestHash !== input.requestHash) {
        throw ApplicationFailure.nonRetryable('This Idempotency-Key was used for a different order.', ErrorTypes.IDEMPOTENCY_KEY_REUSED);
      }
    },
  });
  setHandler(approveSignal, () => {
    if (approvalOpen || state.status === 'AWAITING_APPROVAL') approval ??= 'approved';
  });
  setHandler(rejectSignal, () => {
    if (approvalOpen || state.status === 'AWAITING_APPROVAL') approval ??= 'rejected';
  });
  setHandler(shipSignal, (s) => {
    if (shipOpen || state.status === 'CONFIRMED') shipment ??= s;
  });
  setHandler(cancelSignal, (c) => {
    if (!FINAL_STATUSES.includes(state.status)) cancel ??= c ?? {};
  });

  const searchAttributes = (status: OrderStatus, totalCents: number): SearchAttributeUpdatePair[] => [
    { key: ORDER_STATUS_KEY, value: status },
    { key: CUSTOMER_ID_KEY, value: customerId },
    { key: ORDER_TOTAL_KEY, value: totalCents },
  ];

  /** Records a status in the orders database, the search attributes and the query state. */
  async function setStatus(status: OrderStatus, extra: { failureReason?: FailureReason; trackingNumber?: string } = {}) {
    record = await orders.setOrderStatus({ orderId, status, ...extra });
    state.status = status;
    state.failureReason = extra.failureReason;
    upsertSearchAttributes(searchAttributes(status, record.totalCents));
    log.info('order status changed', { orderId, status, failureReason: extra.failureReason, requestId: input.requestId });
  }

  /** Runs one step's activity, keeping its state and attempts for the `status` query. */
  async function step<T>(name: CheckoutStep, run: () => Promise<T>): Promise<T> {
    state.mark(name, 'running');
    try {
      const result = await run();
      state.mark(name, 'done', (result as { attempt?: number } | null)?.attempt ?? 1);
      return result;
    } catch (err) {
      state.mark(name, 'failed', undefined, message(err));
      throw err;
    }
  }

  /** Undoes what was done, newest first; each compensation is retried until it succeeds and is never skipped. */
  async function compensate() {
    await CancellationScope.nonCancellable(async () => {
      for (const c of [...compensations].reverse()) {
        const entry = { name: c.name, state: 'pending' as 'pending' | 'done' };
        state.compensations.push(entry);
        for (let attempt = 1; ; attempt++) {
          try {
            await c.run();
            entry.state = 'done';
            break;
          } catch (err) {
            log.error('compensation failed; retrying', { orderId, compensation: c.name, attempt, error: message(err) });
            await sleep(Math.min(60_000, 1_000 * 2 ** attempt));
          }
        }
      }
      compensations.length = 0;
    });
  }

  /** Stock back to available, whether the reservation was still held or already committed. */
  const returnStock = async () => {
    try {
      await inventory.releaseReservation({ orderId });
    } catch (err) {
      if (failureType(err) !== ErrorTypes.INVALID_RESERVATION_STATE) throw err;
      await inventory.restockOrder({ orderId });
    }
  };

  const cancelled = (reason: FailureReason) => new SagaEnded('CANCELLED', reason);
  const throwIfCancelRequested = () => {
    if (cancel) throw cancelled('CUSTOMER_CANCELLED');
  };

  try {
    // 1. Price the cart from the catalog (never trust client prices) and create the order record.
    const catalog = await step('price', () => products.getProducts([...new Set(input.items.map((i) => i.productId))]));
    const lines: OrderLine[] = input.items.map((i) => ({ ...i, unitPriceCents: catalog.find((p) => p.id === i.productId)!.priceCents }));
    const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
    state.totalCents = totalCents;
    record = await orders.createOrder({
      orderId, customerId, idempotencyKey: input.idempotencyKey, requestHash: input.requestHash, items: lines, totalCents, currency: catalog[0].currency,
    });
    if ((record.status !== 'PENDING' || record.requestHash !== input.requestHash) && patched(RECORDED_BEFORE_PATCH)) {
      // Not this run's record: its saga ran before (or another request holds the key). Answer the record; undo nothing, redo nothing.
      state.status = record.status;
      state.failureReason = record.failureReason;
      state.totalCents = record.totalCents;
      upsertSearchAttributes(searchAttributes(record.status, record.totalCents));
      log.warn('order already recorded by an earlier run: nothing to do', { orderId, status: record.status, requestId: input.requestId });
      placed = true;
      return state.view();
    }
    upsertSearchAttributes(searchAttributes('PENDING', totalCents));

    // 2. Reserve every line or none.
    compensations.push({ name: 'return stock', run: returnStock });
    try {
      await step('reserve', () => inventory.reserveStock({ orderId, lines: input.items }));
    } catch (err) {
      if (failureType(err) === ErrorTypes.OUT_OF_STOCK) throw new SagaEnded('FAILED', 'OUT_OF_STOCK');
      throw err;
    }
    placed = true;
    throwIfCancelRequested();

    // 3. Large orders wait for an operator's decision, bounded by the approval timeout.
    if (totalCents >= settings.approvalThresholdCents) {
      if (patched(APPROVAL_WINDOW_PATCH)) approvalOpen = true;
      await setStatus('AWAITING_APPROVAL');
      state.mark('approval', 'running');
      const decided = await condition(() => approval !== undefined || cancel !== undefined, settings.approvalTimeoutMs);
      approvalOpen = false;
      throwIfCancelRequested();
      if (!decided) {
        state.mark('approval', 'failed', 1, 'no decision before the approval timeout');
        throw cancelled('APPROVAL_TIMEOUT');
      }
      if (approval === 'rejected') {
        state.mark('approval', 'failed', 1, 'rejected');
        throw cancelled('REJECTED');
      }
      state.mark('approval', 'done', 1);
      await setStatus('PENDING');
    } else {
      state.mark('approval', 'skipped');
    }

    // 4. Charge, with the refund registered first: a charge that timed out may still have taken the money.
    compensations.push({ name: 'refund payment', run: () => refunds.refundPayment({ orderId }) });
    try {
      await step('charge', () => paymentsWithin(settings.chargeBudgetMs).chargePayment({ orderId, amountCents: totalCents, currency: record!.currency, paymentToken: input.paymentToken }));
    } catch (err) {
      if (isCancellation(err)) throw err;
      throw new SagaEnded('FAILED', failureType(err) === ErrorTypes.PAYMENT_DECLINED ? 'PAYMENT_DECLINED' : 'PAYMENT_UNAVAILABLE');
    }
    throwIfCancelRequested();

    // 5. Confirm: reservation committed, status CONFIRMED, customer told (a failed notification never undoes a paid order).
    await step('confirm', () => inventory.commitReservation({ orderId }));
    if (patched(SHIP_WINDOW_PATCH)) shipOpen = true;
    await setStatus('CONFIRMED');
    await notify('order-confirmed');

    // 6. Wait for shipping or a cancellation.
    state.mark('fulfil', 'running');
    await condition(() => shipment !== undefined || cancel !== undefined);
    throwIfCancelRequested();
    await setStatus('SHIPPED', { trackingNumber: shipment!.trackingNumber });
    state.mark('fulfil', 'done', 1);
    compensations.length = 0;
    await notify('order-shipped');
    return state.view();
  } catch (err) {
    const ended = err instanceof SagaEnded ? err : isCancellation(err) ? cancelled('CUSTOMER_CANCELLED') : undefined;
    await compensate();
    if (!ended) {
      // Not a business outcome (a non-retryable failure that signals a bug): undo what was done, then fail loudly.
      log.error('order checkout failed unexpectedly; compensations ran', { orderId, error: message(err) });
      throw err;
    }
    for (const s of Object.values(state.steps)) if (s.state === 'done' || s.state === 'running') s.state = 'compensated';
    await CancellationScope.nonCancellable(async () => {
      if (record) await setStatus(ended.status, { failureReason: ended.reason });
      else state.status = ended.status;
      placed = true;
      if (ended.status === 'CANCELLED' && state.steps.charge.state === 'compensated') await notify('order-cancelled');
    });
    return state.view();
  }

  /** Best-effort customer notification. */
  async function notify(template: 'order-confirmed' | 'order-shipped' | 'order-cancelled') {
    try {
      await notifications.sendOrderNotification({ orderId, customerId, template, totalCents: state.totalCents ?? 0, idempotencyKey: `${orderId}:${template}` });
    } catch (err) {
      log.warn('notification not sent; the order stands', { orderId, template, error: message(err) });
    }
  }
}
