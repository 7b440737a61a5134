import { auditRun, outcomes, type AuditInput, type CheckResult } from './audit';

/** A consistent end state: a confirmed, a shipped, a declined, a cancelled-after-confirm and an out-of-stock order. */
function cleanRun(): AuditInput {
  const order = (id: string, status: string, total: number, failure: string | null = null) => ({
    id,
    customer_id: 'c1',
    idempotency_key: `k-${id}`,
    status,
    failure_reason: failure,
    total_cents: total,
  });
  return {
    submitted: ['o1', 'o2', 'o3', 'o4', 'o5'].map((id) => ({
      customerId: 'c1',
      idempotencyKey: `k-${id}`,
      accepted: true,
      orderId: id,
    })),
    cancelAccepted: ['o4'],
    shipSignalled: [{ orderId: 'o2', signals: 1 }],
    orders: [
      order('o1', 'CONFIRMED', 2400),
      order('o2', 'SHIPPED', 1200),
      order('o3', 'FAILED', 600, 'PAYMENT_DECLINED'),
      order('o4', 'CANCELLED', 1200, 'CUSTOMER_CANCELLED'),
      order('o5', 'FAILED', 8900, 'OUT_OF_STOCK'),
    ],
    reservations: [
      { order_id: 'o1', state: 'COMMITTED', lines: [{ productId: 'beans', quantity: 1 }] },
      { order_id: 'o2', state: 'COMMITTED', lines: [{ productId: 'mug', quantity: 1 }] },
      { order_id: 'o3', state: 'RELEASED', lines: [{ productId: 'filters', quantity: 1 }] },
      { order_id: 'o4', state: 'RESTOCKED', lines: [{ productId: 'mug', quantity: 1 }] },
      { order_id: 'other', state: 'RESERVED', lines: [{ productId: 'mug', quantity: 2 }] }, // someone else's order in flight
    ],
    charges: [
      { order_id: 'o1', amount_cents: 2400 },
      { order_id: 'o2', amount_cents: 1200 },
      { order_id: 'o4', amount_cents: 1200 },
    ],
    refunds: [{ order_id: 'o4', amount_cents: 1200 }],
    notifications: [
      { order_id: 'o1', template: 'order-confirmed' },
      { order_id: 'o2', template: 'order-confirmed' },
      { order_id: 'o2', template: 'order-shipped' },
      { order_id: 'o4', template: 'order-cancelled' },
    ],
    timeline: [
      ...['o1', 'o2', 'o3', 'o4', 'o5'].map((id) => ({ order_id: id, type: 'order.created' })),
      { order_id: 'o1', type: 'order.confirmed' },
      { order_id: 'o2', type: 'order.confirmed' },
      { order_id: 'o2', type: 'order.shipped' },
      { order_id: 'o3', type: 'order.failed' },
      { order_id: 'o4', type: 'order.cancelled' },
      { order_id: 'o5', type: 'order.failed' },
    ],
    stockBefore: [
      { product_id: 'beans', available: 10, reserved: 0, sold: 0 },
      { product_id: 'mug', available: 10, reserved: 0, sold: 0 },
      { product_id: 'filters', available: 5, reserved: 0, sold: 0 },
    ],
    stockAfter: [
      { product_id: 'beans', available: 9, reserved: 0, sold: 1 },
      { product_id: 'mug', available: 7, reserved: 2, sold: 1 },
      { product_id: 'filters', available: 5, reserved: 0, sold: 0 },
    ],
  };
}

const byId = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));
const failing = (input: AuditInput) =>
  auditRun(input)
    .filter((r) => !r.ok)
    .map((r) => r.id);

describe('auditRun', () => {
  it('passes a consistent run, with counts of what it looked at', () => {
    const results = byId(auditRun(cleanRun()));
    expect(Object.values(results).filter((r) => !r.ok)).toEqual([]);
    expect(results['accepted-orders-recorded-once']!.checked).toBe(5);
    expect(results['no-stock-held-by-ended-orders']!.checked).toBe(3);
    expect(results['confirmed-orders-hold-sold-stock']!.checked).toBe(2);
  });

  it('finds a lost order and an order nobody was told about', () => {
    const input = cleanRun();
    input.submitted.push({ customerId: 'c1', idempotencyKey: 'k-lost', accepted: true, orderId: 'lost' });
    input.submitted.find((s) => s.orderId === 'o3')!.accepted = false;
    const results = byId(auditRun(input));
    expect(results['accepted-orders-recorded-once']).toMatchObject({ ok: false, violations: 1 });
    expect(results['no-unaccepted-orders']!.details[0]).toContain('o3 (k-o3): sent, never answered 201/202');
    expect(outcomes(input).get('LOST (accepted, no row)')).toBe(1);
  });

  it('finds stuck orders, double charges and money that does not balance', () => {
    const input = cleanRun();
    input.orders[0]!.status = 'PENDING';
    input.charges.push({ order_id: 'o2', amount_cents: 1200 });
    input.refunds.push({ order_id: 'nowhere', amount_cents: 5 });
    const results = byId(auditRun(input));
    expect(results['no-stuck-orders']!.details).toEqual(['o1: PENDING']);
    expect(results['one-charge-per-order']!.details).toEqual(['o2: 2 charges']);
    expect(results['money-balances']!.details).toEqual([
      'o1 PENDING: charged 2400 − refunded 0 = 2400, expected 0',
      'o2 SHIPPED: charged 2400 − refunded 0 = 2400, expected 1200',
      'nowhere: money moved for an order that is not recorded',
    ]);
  });

  it('finds a refund missing for a cancelled order, and a refund of a confirmed one', () => {
    const input = cleanRun();
    input.refunds = [{ order_id: 'o1', amount_cents: 2400 }];
    expect(byId(auditRun(input))['money-balances']!.violations).toBe(2);
  });

  it('finds stock held by failed or cancelled orders, and confirmed orders whose stock was not sold', () => {
    const input = cleanRun();
    input.reservations[2]!.state = 'RESERVED';
    input.reservations[3]!.state = 'COMMITTED';
    input.reservations[0]!.state = 'RELEASED';
    const results = byId(auditRun(input));
    expect(results['no-stock-held-by-ended-orders']!.details).toEqual([
      'o3 FAILED/PAYMENT_DECLINED: reservation RESERVED',
      'o4 CANCELLED/CUSTOMER_CANCELLED: reservation COMMITTED',
    ]);
    expect(results['confirmed-orders-hold-sold-stock']!.details).toEqual(['o1 CONFIRMED: reservation RELEASED']);
    expect(results['reserved-stock-matches-reservations']!.details).toEqual([
      'filters: reserved 0, reservations hold 1',
    ]);
  });

  it('finds stock created or destroyed, and negative stock', () => {
    const input = cleanRun();
    input.stockAfter[0]!.available = 10; // a unit appeared
    input.stockAfter[2] = { product_id: 'filters', available: -1, reserved: 0, sold: 6 };
    expect(byId(auditRun(input))['stock-conserved']!.details).toEqual([
      'beans: available+reserved+sold 10 before, 11 after, 0 restocked',
      'filters: negative stock (-1/0/6)',
    ]);
    input.stockAfter.pop();
    expect(byId(auditRun(input))['stock-conserved']!.details).toContain('filters: gone after the run');
  });

  it('counts units restocks added during the run (the restock ledger), and no more', () => {
    const input = cleanRun();
    input.stockBefore[0]!.restocked = 40; // restocked before the run: already in the totals
    input.stockAfter[0] = { product_id: 'beans', available: 59, reserved: 0, sold: 1, restocked: 90 };
    expect(failing(input)).toEqual([]);
    input.stockAfter[0]!.available = 60; // one unit more than the 50 restocked during the run
    expect(byId(auditRun(input))['stock-conserved']!.details).toEqual([
      'beans: available+reserved+sold 10 before, 61 after, 50 restocked',
    ]);
  });

  it('finds an email an order event called for that was never sent, and a timeline missing an event', () => {
    const input = cleanRun();
    input.notifications = input.notifications.filter((n) => !(n.order_id === 'o2' && n.template === 'order-shipped'));
    input.timeline = input.timeline.filter((t) => !(t.order_id === 'o4' && t.type === 'order.cancelled'));
    expect(failing(input)).toEqual(['emails-delivered', 'timelines-complete']);
    expect(byId(auditRun(input))['emails-delivered']!.details).toEqual(['o2 SHIPPED: no order-shipped email']);
    expect(byId(auditRun(input))['timelines-complete']!.details).toEqual([
      'o4 CANCELLED: no order.cancelled in its timeline',
    ]);
  });

  it('finds a cancellation answered 202 that did not take, and repeated notifications', () => {
    const input = cleanRun();
    input.cancelAccepted.push('o1');
    input.notifications.push({ order_id: 'o2', template: 'order-shipped' });
    expect(failing(input)).toEqual(['accepted-cancellations-honoured', 'notifications-at-most-once']);
    expect(byId(auditRun(input))['notifications-at-most-once']!.details).toEqual(['o2 order-shipped: 2 times']);
  });

  it('finds a ship signal that did not ship the order, or only a repeated one did', () => {
    const input = cleanRun();
    input.shipSignalled.push({ orderId: 'o1', signals: 2 });
    input.shipSignalled[0]!.signals = 2;
    expect(byId(auditRun(input))['ship-signals-honoured']!.details).toEqual([
      'o2: SHIPPED only after 2 ship signals (the first was dropped)',
      'o1: 2 ship signal(s) delivered, order CONFIRMED',
    ]);
  });

  it('keeps at most five examples per check', () => {
    const input = cleanRun();
    for (let i = 0; i < 9; i++)
      input.orders.push({
        id: `p${i}`,
        customer_id: 'c1',
        idempotency_key: `k-p${i}`,
        status: 'PENDING',
        failure_reason: null,
        total_cents: 1,
      });
    const stuck = byId(auditRun(input))['no-stuck-orders']!;
    expect(stuck.violations).toBe(9);
    expect(stuck.details).toHaveLength(5);
  });
});

describe('outcomes', () => {
  it('counts orders by status and reason, most frequent first', () => {
    const input = cleanRun();
    input.orders.push({ ...input.orders[0]!, id: 'o6', idempotency_key: 'k-o6' });
    expect([...outcomes(input)]).toEqual([
      ['CONFIRMED', 2],
      ['CANCELLED/CUSTOMER_CANCELLED', 1],
      ['FAILED/OUT_OF_STOCK', 1],
      ['FAILED/PAYMENT_DECLINED', 1],
      ['SHIPPED', 1],
    ]);
  });
});
