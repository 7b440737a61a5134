import type { OrderStatus } from '../../contracts';
import type { GatewayClient } from './gateway-client';
import { OrderTracker } from './order-tracker';

const tracker = (statuses: Record<string, OrderStatus>) => {
  const t = new OrderTracker({} as GatewayClient, []);
  for (const [orderId, status] of Object.entries(statuses)) t.orders.set(orderId, { orderId, customerId: 'c', status });
  return t;
};

describe('OrderTracker.unsettled', () => {
  it('counts CONFIRMED and final orders as settled, and orders never seen as not', () => {
    const t = tracker({ a: 'CONFIRMED', b: 'SHIPPED', c: 'PENDING', d: 'AWAITING_APPROVAL' });
    expect(t.unsettled(['a', 'b', 'c', 'd', 'never-seen']).sort()).toEqual(['c', 'd', 'never-seen']);
  });

  it('waits for an order whose cancellation was accepted until it is final (its compensations may still run)', () => {
    const t = tracker({ a: 'CONFIRMED', b: 'CANCELLED', c: 'FAILED' });
    expect(t.unsettled(['a', 'b', 'c'], new Set(['a', 'b', 'c']))).toEqual(['a']);
    expect(t.unsettled(['a', 'b', 'c'])).toEqual([]);
  });
});
