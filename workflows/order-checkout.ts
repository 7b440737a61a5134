import { CancellationScope, condition, isCancellation, log, patched } from '@temporalio/workflow';
import { ErrorTypes } from '../contracts';
import type {
  OrderCheckoutInput,
  OrderLine,
  OrderNotificationTemplate,
  OrderStatusView,
  ReservationDto,
} from '../contracts';
import { inventory, paymentsWithin, products, refunds } from './activity-stubs';
import { CheckoutSignals } from './checkout-signals';
import { CheckoutState } from './checkout-state';
import { CompensationStack } from './compensation-stack';
import { errorMessage } from './error-message';
import { failureType } from './failures';
import { notifyCustomer } from './notify-customer';
import { OrderStatusWriter } from './order-status-writer';
import { runStep } from './run-step';
import { cancelled, SagaEnded, sagaEnding } from './saga-ended';

/**
 * Patch id: the approval window opens before the AWAITING_APPROVAL status write, so an approve/reject that arrives in
 * the same workflow task as that write's result (signals are applied first) is kept instead of dropped.
 */
export const APPROVAL_WINDOW_PATCH = 'approval-window-before-status-write';

/**
 * Patch id: `createOrder` found a record this run did not create (an earlier run of the order, whose history is gone
 * after retention, or another request under the key): the run answers that record and changes nothing.
 */
export const RECORDED_BEFORE_PATCH = 'order-recorded-by-an-earlier-run';

/**
 * Patch id: shipping opens before the CONFIRMED status write, so a ship signal sent once the orders database says
 * CONFIRMED, but before that write's result reaches the workflow, is kept instead of dropped.
 */
export const SHIP_WINDOW_PATCH = 'ship-window-before-confirmed-write';

/**
 * Patch id: the saga's critical path. The order record's writes run as local activities in the orders worker (it owns
 * the orders database); pricing and recording run alongside the reservation, committing it alongside the CONFIRMED
 * write; the confirmation is sent off the critical path. Decided once, before the first command.
 */
export const CRITICAL_PATH_PATCH = 'concurrent-steps-local-order-writes';

/**
 * Patch id: emails follow from events. The `notifications` consumer group sends the confirmation, shipping and
 * cancellation emails from `order.*` events; the saga no longer schedules them. Decided once, before the first command.
 */
export const EMAILS_FROM_EVENTS_PATCH = 'order-emails-from-events';

/** What every step of one checkout run works on. */
interface Checkout {
  input: OrderCheckoutInput;
  state: CheckoutState;
  signals: CheckoutSignals;
  order: OrderStatusWriter;
  compensations: CompensationStack;
  /** The confirmation notification in flight (critical-path patch): awaited before the next one and before the end. */
  confirmationSent?: Promise<void>;
  /** Emails come from events (emails-from-events patch): the saga sends none. */
  emailsFromEvents: boolean;
}

/** The cart priced from the catalog. */
interface PricedCart {
  lines: OrderLine[];
  totalCents: number;
  currency: string;
}

/**
 * The order checkout saga (README, "Placing orders: the checkout saga"): price and record, reserve, approval when
 * large, charge, confirm, then wait for ship or cancel. Compensations are pushed before the step they undo and run in
 * reverse, in a non-cancellable scope, until they succeed.
 */
export async function orderCheckout(input: OrderCheckoutInput): Promise<OrderStatusView> {
  // Decided once, before the first command: a history recorded before the patch takes the old path command for command.
  const fast = patched(CRITICAL_PATH_PATCH);
  const emailsFromEvents = patched(EMAILS_FROM_EVENTS_PATCH);
  const { orderId } = input;
  const state = new CheckoutState(orderId);
  const order = new OrderStatusWriter(input, state, fast);
  const signals = CheckoutSignals.listen(state, input.requestHash, () => order.record);
  const compensations = new CompensationStack();
  const checkout: Checkout = { input, state, signals, order, compensations, emailsFromEvents };
  try {
    const cart = fast ? await priceAndReserveAtOnce(checkout) : await priceThenReserve(checkout);
    if (cart === 'recorded by an earlier run') return state.view();
    await awaitApprovalIfLarge(checkout, cart.totalCents);
    await charge(checkout, cart.totalCents);
    await (fast ? confirmAtOnce(checkout) : confirm(checkout));
    await fulfil(checkout);
    return state.view();
  } catch (err) {
    const ended = sagaEnding(err);
    await checkout.compensations.runAll(state, { orderId });
    if (!ended) {
      // Not a business outcome (a non-retryable failure that signals a bug): undo what was done, then fail loudly.
      log.error('order checkout failed unexpectedly; compensations ran', { orderId, error: errorMessage(err) });
      if (checkout.confirmationSent) await checkout.confirmationSent;
      throw err;
    }
    state.markRanStepsCompensated();
    await CancellationScope.nonCancellable(async () => {
      await recordFinalStatus(checkout, ended);
      if (checkout.confirmationSent) await checkout.confirmationSent;
      if (ended.status === 'CANCELLED' && state.steps.charge.state === 'compensated') {
        await sendEmail(checkout, 'order-cancelled');
      }
    });
    return state.view();
  }
}

/** Steps 1 and 2 one after the other (histories recorded before the critical-path patch). */
async function priceThenReserve(checkout: Checkout): Promise<PricedCart | 'recorded by an earlier run'> {
  const cart = await priceCart(checkout);
  if ((await recordOrder(checkout, cart)) === 'recorded by an earlier run') return 'recorded by an earlier run';
  await reserveStock(checkout);
  return cart;
}

/**
 * Steps 1 and 2 at once (critical-path patch): pricing then recording, alongside the reservation, which needs only the
 * product ids and quantities. Its compensation is pushed before it starts, and nothing is decided before both have
 * settled, so whichever fails, the compensations find the other one finished: a reservation made while pricing failed
 * is returned; a refusal with the order recorded ends FAILED/OUT_OF_STOCK. The `placed` update answers once the order
 * is priced and its stock reserved or refused, as before.
 */
async function priceAndReserveAtOnce(checkout: Checkout): Promise<PricedCart | 'recorded by an earlier run'> {
  const {
    input: { orderId, items },
    state,
    signals,
    compensations,
  } = checkout;
  const pricing = priceCart(checkout).then(async (cart) => ({ cart, recorded: await recordOrder(checkout, cart) }));
  compensations.push('return stock', () => returnStock(orderId));
  const reserving = runStep(state, 'reserve', () => inventory.reserveStock({ orderId, lines: items }));
  const [priced, reserved] = await Promise.allSettled([pricing, reserving]);
  if (priced.status === 'fulfilled' && priced.value.recorded === 'recorded by an earlier run') {
    await undoOwnReservation(checkout, reserved);
    return 'recorded by an earlier run';
  }
  // Pricing failing is not a business outcome (or is the workflow's cancellation): it goes first.
  if (priced.status === 'rejected') throw priced.reason;
  if (reserved.status === 'rejected') {
    if (failureType(reserved.reason) === ErrorTypes.OUT_OF_STOCK) throw new SagaEnded('FAILED', 'OUT_OF_STOCK');
    throw reserved.reason;
  }
  signals.placed = true;
  stopIfCancelRequested(checkout);
  return priced.value.cart;
}

/**
 * The order was recorded by an earlier run (critical-path patch): the reservation that ran alongside found that run's
 * reservation (stored under `<orderId>:reserve`: RELEASED, COMMITTED or RESTOCKED, since every ended saga released or
 * committed it) and changed nothing, or was refused, or reserved afresh because that run never held stock (it was
 * refused, or ended before reserving). Only that fresh reservation, still RESERVED, is this run's: it is released, so the
 * stock is as the earlier run left it. The release never restocks: a reservation committed meanwhile (a RESERVED result
 * replayed from before a reset) is the earlier run's and stays as it is. Nothing else is undone.
 */
async function undoOwnReservation(checkout: Checkout, reserved: PromiseSettledResult<ReservationDto>): Promise<void> {
  const { input, state, compensations } = checkout;
  const { orderId, requestId } = input;
  compensations.clear();
  if (reserved.status !== 'fulfilled' || reserved.value.state !== 'RESERVED') return;
  log.warn('order already recorded by an earlier run: releasing the stock this run reserved', { orderId, requestId });
  compensations.push('return stock', () => releaseOwnReservation(orderId));
  await compensations.runAll(state, { orderId });
  state.mark('reserve', 'compensated');
}

/** Releases a reservation still RESERVED; one already committed (or restocked) is left as it is. */
async function releaseOwnReservation(orderId: string): Promise<void> {
  try {
    await inventory.releaseReservation({ orderId });
  } catch (err) {
    if (failureType(err) !== ErrorTypes.INVALID_RESERVATION_STATE) throw err;
  }
}

/** Step 1: prices the cart from the catalog (never trust client prices). */
async function priceCart({ input, state }: Checkout): Promise<PricedCart> {
  const productIds = [...new Set(input.items.map((i) => i.productId))];
  const catalog = await runStep(state, 'price', () => products.getProducts(productIds));
  const unitPriceCents = (productId: string) => catalog.find((p) => p.id === productId)!.priceCents;
  const lines: OrderLine[] = input.items.map((i) => ({ ...i, unitPriceCents: unitPriceCents(i.productId) }));
  const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  state.totalCents = totalCents;
  return { lines, totalCents, currency: catalog[0].currency };
}

/**
 * Step 1, continued: creates the order record. A record this run did not create (its saga ran before, or another
 * request holds the key) is answered as it is: nothing undone, nothing redone.
 */
async function recordOrder(checkout: Checkout, cart: PricedCart): Promise<'created' | 'recorded by an earlier run'> {
  const { input, state, order, signals } = checkout;
  const { orderId, customerId, idempotencyKey, requestHash, requestId } = input;
  const { lines: items, totalCents, currency } = cart;
  const record = await order.create({ orderId, customerId, idempotencyKey, requestHash, items, totalCents, currency });
  if ((record.status !== 'PENDING' || record.requestHash !== requestHash) && patched(RECORDED_BEFORE_PATCH)) {
    state.status = record.status;
    state.failureReason = record.failureReason;
    state.totalCents = record.totalCents;
    order.publishSearchAttributes(record.status, record.totalCents);
    log.warn('order already recorded by an earlier run: nothing to do', { orderId, status: record.status, requestId });
    signals.placed = true;
    return 'recorded by an earlier run';
  }
  order.publishSearchAttributes('PENDING', totalCents);
  return 'created';
}

/** Step 2: reserves every line or none; from here on the `placed` update answers. */
async function reserveStock(checkout: Checkout): Promise<void> {
  const {
    input: { orderId, items },
    state,
    signals,
    compensations,
  } = checkout;
  compensations.push('return stock', () => returnStock(orderId));
  try {
    await runStep(state, 'reserve', () => inventory.reserveStock({ orderId, lines: items }));
  } catch (err) {
    if (failureType(err) === ErrorTypes.OUT_OF_STOCK) throw new SagaEnded('FAILED', 'OUT_OF_STOCK');
    throw err;
  }
  signals.placed = true;
  stopIfCancelRequested(checkout);
}

/** Compensation of step 2: stock back to available, whether the reservation was still held or already committed. */
async function returnStock(orderId: string): Promise<void> {
  try {
    await inventory.releaseReservation({ orderId });
  } catch (err) {
    if (failureType(err) !== ErrorTypes.INVALID_RESERVATION_STATE) throw err;
    await inventory.restockOrder({ orderId });
  }
}

/** Step 3: a large order waits for an operator's decision, bounded by the approval timeout. */
async function awaitApprovalIfLarge(checkout: Checkout, totalCents: number): Promise<void> {
  const {
    input: { settings },
    state,
    signals,
    order,
  } = checkout;
  if (totalCents < settings.approvalThresholdCents) {
    state.mark('approval', 'skipped');
    return;
  }
  if (patched(APPROVAL_WINDOW_PATCH)) signals.approvalOpen = true;
  await order.write('AWAITING_APPROVAL');
  state.mark('approval', 'running');
  const decidedOrCancelled = () => signals.approval !== undefined || signals.cancel !== undefined;
  const decided = await condition(decidedOrCancelled, settings.approvalTimeoutMs);
  signals.approvalOpen = false;
  stopIfCancelRequested(checkout);
  if (!decided) {
    state.mark('approval', 'failed', 1, 'no decision before the approval timeout');
    throw cancelled('APPROVAL_TIMEOUT');
  }
  if (signals.approval === 'rejected') {
    state.mark('approval', 'failed', 1, 'rejected');
    throw cancelled('REJECTED');
  }
  state.mark('approval', 'done', 1);
  await order.write('PENDING');
}

/** Step 4: charges, with the refund registered first: a charge that timed out may still have taken the money. */
async function charge(checkout: Checkout, totalCents: number): Promise<void> {
  const {
    input: { orderId, paymentToken, settings },
    state,
    order,
    compensations,
  } = checkout;
  compensations.push('refund payment', () => refunds.refundPayment({ orderId }));
  try {
    await runStep(state, 'charge', () => {
      const currency = order.record!.currency;
      const payments = paymentsWithin(settings.chargeBudgetMs);
      return payments.chargePayment({ orderId, amountCents: totalCents, currency, paymentToken });
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    const declined = failureType(err) === ErrorTypes.PAYMENT_DECLINED;
    throw new SagaEnded('FAILED', declined ? 'PAYMENT_DECLINED' : 'PAYMENT_UNAVAILABLE');
  }
  stopIfCancelRequested(checkout);
}

/** Step 5: reservation committed, status CONFIRMED, customer told (a failed notification never undoes a paid order). */
async function confirm(checkout: Checkout): Promise<void> {
  const { input, state, signals, order } = checkout;
  await runStep(state, 'confirm', () => inventory.commitReservation({ orderId: input.orderId }));
  if (patched(SHIP_WINDOW_PATCH)) signals.shipOpen = true;
  await order.write('CONFIRMED');
  await sendEmail(checkout, 'order-confirmed');
}

/**
 * Step 5 at once (critical-path patch): the reservation is committed alongside the CONFIRMED write (both only after the
 * charge; a failure of either runs the refund and the stock's return, which restocks a committed reservation). The
 * confirmation is sent off the critical path: the saga waits for ship or cancel meanwhile, and for the notification
 * before its next one and before it ends.
 */
async function confirmAtOnce(checkout: Checkout): Promise<void> {
  const { input, state, signals, order } = checkout;
  if (patched(SHIP_WINDOW_PATCH)) signals.shipOpen = true;
  const [committed, confirmed] = await Promise.allSettled([
    runStep(state, 'confirm', () => inventory.commitReservation({ orderId: input.orderId })),
    order.write('CONFIRMED'),
  ]);
  if (committed.status === 'rejected') throw committed.reason;
  if (confirmed.status === 'rejected') throw confirmed.reason;
  checkout.confirmationSent = sendEmail(checkout, 'order-confirmed');
}

/** Step 6: waits for shipping (-> SHIPPED, nothing left to undo) or a cancellation. */
async function fulfil(checkout: Checkout): Promise<void> {
  const { state, signals, order, compensations } = checkout;
  state.mark('fulfil', 'running');
  await condition(() => signals.shipment !== undefined || signals.cancel !== undefined);
  stopIfCancelRequested(checkout);
  await order.write('SHIPPED', { trackingNumber: signals.shipment!.trackingNumber });
  state.mark('fulfil', 'done', 1);
  compensations.clear();
  if (checkout.confirmationSent) await checkout.confirmationSent;
  await sendEmail(checkout, 'order-shipped');
}

/**
 * Sends an order email from the saga: only runs from before the emails-from-events patch do (their histories schedule
 * it); newer runs leave it to the `notifications` consumer group, which sends it from the `order.*` event.
 */
function sendEmail(checkout: Checkout, template: OrderNotificationTemplate): Promise<void> {
  if (checkout.emailsFromEvents) return Promise.resolve();
  return notifyCustomer(checkout.input, checkout.state, template);
}

/** Failure path: the final status, written to the orders database when the order has a record; `placed` answers it. */
async function recordFinalStatus({ state, signals, order }: Checkout, ended: SagaEnded): Promise<void> {
  if (order.record) await order.write(ended.status, { failureReason: ended.reason });
  else state.status = ended.status;
  signals.placed = true;
}

/** Ends the saga CANCELLED/CUSTOMER_CANCELLED if the customer asked to cancel. */
function stopIfCancelRequested({ signals }: Checkout): void {
  if (signals.cancel) throw cancelled('CUSTOMER_CANCELLED');
}
