// The order page's timeline (web/src/order-timeline.ts): which steps a status shows, and where a stopped order stopped.
import { timelineOf, type OrderProgress } from '../../web/src/order-timeline';

const AT = '2026-12-02T10:00:00.000Z';
const progress = (p: Partial<OrderProgress> & Pick<OrderProgress, 'status'>): OrderProgress => ({
  createdAt: AT,
  seen: {},
  ...p,
});
const steps = (p: OrderProgress) => timelineOf(p).map((s) => `${s.label}: ${s.state}`);

describe('storefront order timeline', () => {
  it('walks placed, confirmed, shipped', () => {
    expect(steps(progress({ status: 'PENDING' }))).toEqual([
      'Order placed: done',
      'Payment and confirmation: current',
      'Shipping: upcoming',
    ]);
    expect(steps(progress({ status: 'CONFIRMED' }))).toEqual([
      'Order placed: done',
      'Payment received · confirmed: done',
      'Shipping: current',
    ]);
    const shipped = timelineOf(progress({ status: 'SHIPPED', trackingNumber: 'TRK-1', seen: { SHIPPED: AT } }));
    expect(shipped.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(shipped[2]).toMatchObject({ label: 'Shipped', at: AT, note: 'Tracking number TRK-1' });
  });

  it('shows the approval step only for an order that needed it', () => {
    expect(steps(progress({ status: 'AWAITING_APPROVAL' }))).toEqual([
      'Order placed: done',
      'Awaiting approval: current',
      'Payment and confirmation: upcoming',
      'Shipping: upcoming',
    ]);
    expect(steps(progress({ status: 'CONFIRMED', seen: { AWAITING_APPROVAL: AT } }))).toContain('Approved: done');
    expect(steps(progress({ status: 'CANCELLED', failureReason: 'REJECTED' }))).toEqual([
      'Order placed: done',
      'Not approved: stopped',
    ]);
  });

  it('ends a failed or cancelled order at the step where it stopped, with its reason', () => {
    expect(steps(progress({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' }))).toEqual([
      'Order placed: done',
      'Failed: Payment declined: stopped',
    ]);
    expect(
      steps(progress({ status: 'CANCELLED', failureReason: 'CUSTOMER_CANCELLED', seen: { CONFIRMED: AT } })),
    ).toEqual(['Order placed: done', 'Payment received · confirmed: done', 'Cancelled by you: stopped']);
    expect(steps(progress({ status: 'CANCELLED' }))).toEqual(['Order placed: done', 'Cancelled: stopped']);
  });
});
