import { ORDER_STATUSES, type DomainEvent, type OrderDto } from '../../contracts';
import { isFinalStatus, snapshotStatus, StatusGate, statusOfEvent, statusRank } from './order-status';

const ORDER = 'a'.repeat(32);

const event = (type: string, data: Record<string, unknown> = {}, orderId = ORDER): string =>
  JSON.stringify({
    id: '00000000-0000-4000-8000-000000000001',
    type,
    data: { orderId, customerId: 'c-1', totalCents: 2400, ...data },
    metadata: { timestamp: '2026-12-02T10:00:00.000Z', version: 1, source: 'orders', correlationId: orderId },
  } satisfies Omit<DomainEvent, 'type'> & { type: string });

describe('status ranking', () => {
  it('ranks every status, final ones highest', () => {
    const ranked = [...ORDER_STATUSES].sort((a, b) => statusRank(a) - statusRank(b));
    expect(ranked.slice(0, 3)).toEqual(['PENDING', 'AWAITING_APPROVAL', 'CONFIRMED']);
    expect(ranked.slice(3).every(isFinalStatus)).toBe(true);
    expect(ranked.slice(0, 3).some(isFinalStatus)).toBe(false);
  });
});

describe('StatusGate', () => {
  it('lets each status through once, forward only, and nothing after a final one', () => {
    const gate = new StatusGate();
    const sent = ['PENDING', 'PENDING', 'CONFIRMED', 'AWAITING_APPROVAL', 'CONFIRMED', 'SHIPPED', 'CANCELLED'].filter(
      (s) => gate.admit(s as never),
    );
    expect(sent).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED']);
    expect(gate.finished).toBe(true);
  });

  it('starts from a seed the client already has', () => {
    const gate = new StatusGate('CONFIRMED');
    expect(gate.admit('CONFIRMED')).toBe(false);
    expect(gate.admit('PENDING')).toBe(false);
    expect(gate.finished).toBe(false);
    expect(gate.admit('CANCELLED')).toBe(true);
    expect(new StatusGate('FAILED').finished).toBe(true);
    expect(new StatusGate().lastStatus).toBeUndefined();
  });

  it('never sends a regression or a repeat, whatever the order of arrival', () => {
    for (let i = 0; i < 200; i++) {
      const gate = new StatusGate();
      const arrivals = Array.from({ length: 8 }, () => ORDER_STATUSES[Math.floor(Math.random() * 6)]!);
      const sent = arrivals.filter((s) => gate.admit(s));
      for (let j = 1; j < sent.length; j++) expect(statusRank(sent[j]!)).toBeGreaterThan(statusRank(sent[j - 1]!));
      expect(sent.slice(0, -1).some(isFinalStatus)).toBe(false);
    }
  });
});

describe('statusOfEvent', () => {
  it('reads the status each order event announces', () => {
    expect(statusOfEvent(event('order.created', { items: [], currency: 'EUR' }), ORDER)).toEqual({
      orderId: ORDER,
      status: 'PENDING',
      totalCents: 2400,
      cause: 'order.created',
      at: '2026-12-02T10:00:00.000Z',
    });
    expect(statusOfEvent(event('order.shipped', { status: 'SHIPPED', trackingNumber: 'TRK-1' }), ORDER)).toMatchObject({
      status: 'SHIPPED',
      trackingNumber: 'TRK-1',
      cause: 'order.shipped',
    });
    expect(
      statusOfEvent(event('order.failed', { status: 'FAILED', failureReason: 'PAYMENT_DECLINED' }), ORDER),
    ).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
  });

  it('ignores another order, another event type, and what does not parse', () => {
    expect(statusOfEvent(event('order.confirmed', {}, 'b'.repeat(32)), ORDER)).toBeUndefined();
    expect(statusOfEvent(event('payment.received'), ORDER)).toBeUndefined();
    expect(statusOfEvent('{not json', ORDER)).toBeUndefined();
    expect(statusOfEvent(JSON.stringify({ type: 'order.confirmed' }), ORDER)).toBeUndefined();
  });

  it('reads an event with fields a later version adds', () => {
    expect(statusOfEvent(event('order.confirmed', { status: 'CONFIRMED', loyaltyPoints: 3 }), ORDER)?.status).toBe(
      'CONFIRMED',
    );
  });
});

describe('snapshotStatus', () => {
  it('is the record with cause snapshot, at its last change', () => {
    const order: OrderDto = {
      orderId: ORDER,
      customerId: 'c-1',
      status: 'CANCELLED',
      failureReason: 'CUSTOMER_CANCELLED',
      items: [],
      totalCents: 1200,
      currency: 'EUR',
      createdAt: '2026-12-02T09:00:00.000Z',
      updatedAt: '2026-12-02T09:05:00.000Z',
    };
    expect(snapshotStatus(order)).toEqual({
      orderId: ORDER,
      status: 'CANCELLED',
      failureReason: 'CUSTOMER_CANCELLED',
      totalCents: 1200,
      cause: 'snapshot',
      at: '2026-12-02T09:05:00.000Z',
    });
  });
});
