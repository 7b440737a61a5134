import { FINAL_STATUSES, type OrderItemInput, type OrderStatus } from '../../contracts';

/** A row of `orders` (orders database). */
export interface OrderRow {
  id: string;
  customer_id: string;
  idempotency_key: string;
  status: string;
  failure_reason: string | null;
  total_cents: number;
}
/** A row of `reservations` (inventory database). */
export interface ReservationRow {
  order_id: string;
  state: string;
  lines: OrderItemInput[];
}
/** A row of `stock_items` (inventory database), with the units the restock ledger (`restocks`) holds for it. */
export interface StockRow {
  product_id: string;
  available: number;
  reserved: number;
  sold: number;
  /** Units all restocks of the product added (0 when absent), read in the same snapshot as the stock. */
  restocked?: number;
}
/** A charge or a refund (payments database). */
export interface MoneyRow {
  order_id: string;
  amount_cents: number;
}
/** A notification about an order (notifications database). */
export interface NotificationRow {
  order_id: string;
  template: string;
}

/** An entry of an order's timeline (orders database, `order_events`, kept by the `order-timeline` consumer group). */
export interface TimelineRow {
  order_id: string;
  type: string;
}

/** Every POST /api/orders key the clients sent, and whether some answer accepted it (201/202). */
export interface SubmittedOrder {
  customerId: string;
  idempotencyKey: string;
  accepted: boolean;
  /** The order id an accepting answer named. */
  orderId?: string;
}

/** What the audit reads: the clients' view, and the databases at the end (stock also at the start). */
export interface AuditInput {
  submitted: SubmittedOrder[];
  /** Orders whose cancellation the gateway accepted (202). */
  cancelAccepted: string[];
  /** Orders the `ship` signal was delivered to once the API read them CONFIRMED, with how many signals it took. */
  shipSignalled: { orderId: string; signals: number }[];
  /** Rows of `orders` of the chaos customers. */
  orders: OrderRow[];
  /** Every row of `reservations` (stock is checked against all of them). */
  reservations: ReservationRow[];
  charges: MoneyRow[];
  refunds: MoneyRow[];
  notifications: NotificationRow[];
  /** The timelines of the chaos customers' orders. */
  timeline: TimelineRow[];
  stockBefore: StockRow[];
  stockAfter: StockRow[];
}

/** The outcome of one audit check. */
export interface CheckResult {
  id: string;
  title: string;
  ok: boolean;
  /** How many things were looked at, and how many broke the rule. */
  checked: number;
  violations: number;
  /** A few examples of what broke it (or a note). */
  details: string[];
}

const MAX_DETAILS = 5;
const KEEPS_MONEY: readonly string[] = ['CONFIRMED', 'SHIPPED'];
const settled = (status: string) => status === 'CONFIRMED' || FINAL_STATUSES.includes(status as OrderStatus);

function check(id: string, title: string, checked: number, bad: string[], note?: string): CheckResult {
  return {
    id,
    title,
    ok: bad.length === 0,
    checked,
    violations: bad.length,
    details: bad.length ? bad.slice(0, MAX_DETAILS) : note ? [note] : [],
  };
}

const sumBy = <T>(rows: T[], key: (r: T) => string, value: (r: T) => number) => {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r));
  return sums;
};
const countBy = <T>(rows: T[], key: (r: T) => string) => sumBy(rows, key, () => 1);
const pairKey = (customerId: string, key: string) => `${customerId}\n${key}`;

/** Quantities per product held by reservations in `state`. */
function heldBy(reservations: ReservationRow[], state: string): Map<string, number> {
  const held = new Map<string, number>();
  for (const r of reservations.filter((x) => x.state === state))
    for (const l of r.lines) held.set(l.productId, (held.get(l.productId) ?? 0) + l.quantity);
  return held;
}

/** Runs every database check of the chaos suite on the rows read at the end of a run. */
export function auditRun(input: AuditInput): CheckResult[] {
  const results: CheckResult[] = [];
  const orderById = new Map(input.orders.map((o) => [o.id, o]));
  const accepted = input.submitted.filter((s) => s.accepted);

  // 1. Every accepted order is in the orders database exactly once (ids are unique; a (customer, key) pair names one order).
  const rowsPerPair = countBy(input.orders, (o) => pairKey(o.customer_id, o.idempotency_key));
  const lost = accepted.filter((s) => {
    const row = s.orderId
      ? orderById.get(s.orderId)
      : input.orders.find((o) => o.customer_id === s.customerId && o.idempotency_key === s.idempotencyKey);
    return !row || rowsPerPair.get(pairKey(row.customer_id, row.idempotency_key)) !== 1;
  });
  results.push(
    check(
      'accepted-orders-recorded-once',
      'every accepted order is recorded exactly once',
      accepted.length,
      lost.map(
        (s) =>
          `${s.orderId ?? s.idempotencyKey}: ${rowsPerPair.get(pairKey(s.customerId, s.idempotencyKey)) ?? 0} rows`,
      ),
    ),
  );

  // 2. Nothing is recorded that no answer accepted.
  const submittedByPair = new Map(input.submitted.map((s) => [pairKey(s.customerId, s.idempotencyKey), s]));
  const unaccepted = input.orders.filter(
    (o) => !submittedByPair.get(pairKey(o.customer_id, o.idempotency_key))?.accepted,
  );
  results.push(
    check(
      'no-unaccepted-orders',
      'no order exists that no answer accepted',
      input.orders.length,
      unaccepted.map(
        (o) =>
          `${o.id} (${o.idempotency_key}): ${submittedByPair.has(pairKey(o.customer_id, o.idempotency_key)) ? 'sent, never answered 201/202' : 'never sent'}, ${o.status}`,
      ),
    ),
  );

  // 3. No order is stuck.
  const stuck = input.orders.filter((o) => !settled(o.status));
  results.push(
    check(
      'no-stuck-orders',
      'no order stuck (all CONFIRMED, SHIPPED, CANCELLED or FAILED)',
      input.orders.length,
      stuck.map((o) => `${o.id}: ${o.status}`),
    ),
  );

  // 4. At most one charge per order.
  const chargesPerOrder = countBy(input.charges, (c) => c.order_id);
  const doubleCharged = [...chargesPerOrder].filter(([, n]) => n > 1);
  results.push(
    check(
      'one-charge-per-order',
      'no order charged more than once',
      input.orders.length,
      doubleCharged.map(([id, n]) => `${id}: ${n} charges`),
    ),
  );

  // 5. Charges minus refunds: the total for CONFIRMED/SHIPPED orders, 0 for every other (and no money for orders that do not exist).
  const charged = sumBy(
    input.charges,
    (c) => c.order_id,
    (c) => c.amount_cents,
  );
  const refunded = sumBy(
    input.refunds,
    (r) => r.order_id,
    (r) => r.amount_cents,
  );
  const unbalanced = input.orders.flatMap((o) => {
    const net = (charged.get(o.id) ?? 0) - (refunded.get(o.id) ?? 0);
    const expected = KEEPS_MONEY.includes(o.status) ? o.total_cents : 0;
    return net === expected
      ? []
      : [
          `${o.id} ${o.status}: charged ${charged.get(o.id) ?? 0} − refunded ${refunded.get(o.id) ?? 0} = ${net}, expected ${expected}`,
        ];
  });
  const orphanMoney = [...new Set([...charged.keys(), ...refunded.keys()])]
    .filter((id) => !orderById.has(id))
    .map((id) => `${id}: money moved for an order that is not recorded`);
  results.push(
    check(
      'money-balances',
      'charges − refunds = total (CONFIRMED/SHIPPED) or 0 (others), per order',
      input.orders.length,
      [...unbalanced, ...orphanMoney],
    ),
  );

  // 6. Failed or cancelled orders hold no stock; confirmed or shipped ones hold theirs as sold.
  const reservationOf = new Map(input.reservations.map((r) => [r.order_id, r]));
  const ended = input.orders.filter((o) => o.status === 'FAILED' || o.status === 'CANCELLED');
  const holding = ended.flatMap((o) => {
    const r = reservationOf.get(o.id);
    return r && (r.state === 'RESERVED' || r.state === 'COMMITTED')
      ? [`${o.id} ${o.status}/${o.failure_reason}: reservation ${r.state}`]
      : [];
  });
  results.push(
    check(
      'no-stock-held-by-ended-orders',
      'failed/cancelled orders hold no stock (reservation released or restocked)',
      ended.length,
      holding,
    ),
  );
  const kept = input.orders.filter((o) => KEEPS_MONEY.includes(o.status));
  const notSold = kept.flatMap((o) => {
    const state = reservationOf.get(o.id)?.state;
    return state === 'COMMITTED' ? [] : [`${o.id} ${o.status}: reservation ${state ?? 'missing'}`];
  });
  results.push(
    check(
      'confirmed-orders-hold-sold-stock',
      'confirmed/shipped orders hold their stock as sold (reservation committed)',
      kept.length,
      notSold,
    ),
  );

  // 7. available + reserved + sold per product is what it was before the run, plus what restocks added during it (the
  // restock ledger counts them); nothing negative.
  const before = new Map(input.stockBefore.map((s) => [s.product_id, s]));
  const total = (s: StockRow) => s.available + s.reserved + s.sold;
  const restocked = (s: StockRow) => s.restocked ?? 0;
  const changed = input.stockAfter.flatMap((s) => {
    const b = before.get(s.product_id);
    const bad: string[] = [];
    if (!b) bad.push(`${s.product_id}: not there before the run`);
    else if (total(s) - total(b) !== restocked(s) - restocked(b))
      bad.push(
        `${s.product_id}: available+reserved+sold ${total(b)} before, ${total(s)} after, ` +
          `${restocked(s) - restocked(b)} restocked`,
      );
    if (s.available < 0 || s.reserved < 0 || s.sold < 0)
      bad.push(`${s.product_id}: negative stock (${s.available}/${s.reserved}/${s.sold})`);
    return bad;
  });
  const missing = input.stockBefore
    .filter((b) => !input.stockAfter.some((s) => s.product_id === b.product_id))
    .map((b) => `${b.product_id}: gone after the run`);
  results.push(
    check(
      'stock-conserved',
      'available + reserved + sold per product changed only by restocks',
      input.stockBefore.length,
      [...changed, ...missing],
    ),
  );

  // 8. The stock columns agree with the reservations: reserved = held by RESERVED ones.
  const reserved = heldBy(input.reservations, 'RESERVED');
  const disagree = input.stockAfter.flatMap((s) =>
    s.reserved === (reserved.get(s.product_id) ?? 0)
      ? []
      : [`${s.product_id}: reserved ${s.reserved}, reservations hold ${reserved.get(s.product_id) ?? 0}`],
  );
  results.push(
    check(
      'reserved-stock-matches-reservations',
      'reserved stock = what RESERVED reservations hold, per product',
      input.stockAfter.length,
      disagree,
    ),
  );

  // 9. A cancellation the gateway accepted took effect: the order ended CANCELLED (or FAILED, when the saga failed first), never CONFIRMED or SHIPPED.
  const ignored = input.cancelAccepted.flatMap((id) => {
    const status = orderById.get(id)?.status;
    return status === 'CANCELLED' || status === 'FAILED'
      ? []
      : [`${id}: cancellation accepted (202), order ${status ?? 'not recorded'}`];
  });
  results.push(
    check(
      'accepted-cancellations-honoured',
      'every cancellation answered 202 ended the order CANCELLED or FAILED',
      input.cancelAccepted.length,
      ignored,
    ),
  );

  // 10. A ship signal delivered to an order the API reads as CONFIRMED ships it: the first one, not only a repeat.
  const notShipped = input.shipSignalled.flatMap(({ orderId, signals }) => {
    const status = orderById.get(orderId)?.status;
    if (status !== 'SHIPPED')
      return [`${orderId}: ${signals} ship signal(s) delivered, order ${status ?? 'not recorded'}`];
    return signals > 1 ? [`${orderId}: SHIPPED only after ${signals} ship signals (the first was dropped)`] : [];
  });
  results.push(
    check(
      'ship-signals-honoured',
      'every order signalled ship once CONFIRMED ended SHIPPED on the first signal',
      input.shipSignalled.length,
      notShipped,
    ),
  );

  // 11. At most one notification per order and template.
  const perTemplate = countBy(input.notifications, (n) => `${n.order_id} ${n.template}`);
  const repeated = [...perTemplate].filter(([, n]) => n > 1).map(([k, n]) => `${k}: ${n} times`);
  results.push(
    check(
      'notifications-at-most-once',
      'every notification recorded at most once per order and template',
      input.notifications.length,
      repeated,
    ),
  );

  // 12. Every email an order's events call for was sent: no event lost between the outbox, the stream and the consumer.
  const emailsOf = countBy(input.notifications, (n) => `${n.order_id} ${n.template}`);
  const owed = (o: OrderRow): string[] => [
    ...(KEEPS_MONEY.includes(o.status) ? ['order-confirmed'] : []),
    ...(o.status === 'SHIPPED' ? ['order-shipped'] : []),
    ...(o.status === 'CANCELLED' ? ['order-cancelled'] : []),
  ];
  const unsent = input.orders.flatMap((o) =>
    owed(o)
      .filter((t) => !emailsOf.has(`${o.id} ${t}`))
      .map((t) => `${o.id} ${o.status}: no ${t} email`),
  );
  results.push(
    check(
      'emails-delivered',
      'every CONFIRMED, SHIPPED and CANCELLED order got its emails (from its order.* events)',
      input.orders.filter((o) => owed(o).length > 0).length,
      unsent,
    ),
  );

  // 13. Every order's timeline holds its creation and the event of the status it ended in.
  const timelineOf = new Set(input.timeline.map((t) => `${t.order_id} ${t.type}`));
  const gaps = input.orders.flatMap((o) => {
    const expected = [
      'order.created',
      ...(o.status === 'PENDING' || o.status === 'AWAITING_APPROVAL' ? [] : [`order.${o.status.toLowerCase()}`]),
    ];
    return expected
      .filter((t) => !timelineOf.has(`${o.id} ${t}`))
      .map((t) => `${o.id} ${o.status}: no ${t} in its timeline`);
  });
  results.push(
    check(
      'timelines-complete',
      "every order's timeline holds order.created and the event of its last status",
      input.orders.length,
      gaps,
    ),
  );

  return results;
}

/** Orders by final status (`FAILED/PAYMENT_DECLINED`, `CONFIRMED`, …), plus `LOST` for accepted orders with no row. */
export function outcomes(input: Pick<AuditInput, 'orders' | 'submitted'>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const o of input.orders) add(o.failure_reason ? `${o.status}/${o.failure_reason}` : o.status);
  const ids = new Set(input.orders.map((o) => o.id));
  for (const s of input.submitted) if (s.accepted && s.orderId && !ids.has(s.orderId)) add('LOST (accepted, no row)');
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
