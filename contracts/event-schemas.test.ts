import { EVENT_SCHEMAS, eventSchemaProblems } from './event-schemas';
import { EVENT_TYPES } from './events';

const confirmed = {
  id: '3b241101-e2bb-8255-8caf-4136c566a962',
  type: 'order.confirmed',
  data: { orderId: 'o-1', customerId: 'c-1', status: 'CONFIRMED', totalCents: 2400 },
  metadata: {
    timestamp: '2026-12-02T12:00:00.000Z',
    version: 1,
    source: 'orders',
    correlationId: 'o-1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    requestId: 'req-1',
  },
};

describe('eventSchemaProblems', () => {
  it('finds none in an event that matches its type', () => {
    expect(eventSchemaProblems(confirmed)).toEqual([]);
  });

  it.each([
    ['a status other than its type', { ...confirmed, data: { ...confirmed.data, status: 'SHIPPED' } }, 'data.status'],
    ['an unknown field', { ...confirmed, extra: 1 }, '(event)'],
    ['an id that is no UUID', { ...confirmed, id: 'o-1' }, 'id'],
    ['another version', { ...confirmed, metadata: { ...confirmed.metadata, version: 2 } }, 'metadata.version'],
    [
      'a source that is no service',
      { ...confirmed, metadata: { ...confirmed.metadata, source: 'x' } },
      'metadata.source',
    ],
  ])('names the field of %s', (_what, event, field) => {
    expect(eventSchemaProblems(event).join('\n')).toContain(`${field}:`);
  });

  it('names an event type it has no schema for', () => {
    expect(eventSchemaProblems({ ...confirmed, type: 'order.teleported' })).toEqual([
      'no schema for event type "order.teleported"',
    ]);
  });

  it.each(Object.values(EVENT_TYPES))('has a schema for %s', (type) => {
    expect(Object.keys(EVENT_SCHEMAS)).toContain(type);
    expect(eventSchemaProblems({ ...confirmed, type }).join('\n')).not.toContain('no schema');
  });

  /** The metadata of an event of another service. */
  const from = (source: string, correlationId: string) => ({ ...confirmed.metadata, source, correlationId });
  const orderId = 'o-1';
  const lines = [{ productId: 'sku-1', quantity: 2 }];

  it.each([
    [
      'user.created',
      { userId: '0b9e4f4e-2c1d-4f7a-9a55-3e1f2d7c8b6a', email: 'ada@example.com', name: 'Ada', registrationId: 'r-1' },
      'users',
    ],
    [
      'payment.received',
      {
        orderId,
        chargeId: '0b9e4f4e-2c1d-4f7a-9a55-3e1f2d7c8b6a',
        providerChargeId: 'ch_1',
        amountCents: 2400,
        currency: 'EUR',
      },
      'payments',
    ],
    [
      'payment.failed',
      { orderId, amountCents: 2400, currency: 'EUR', reason: 'PAYMENT_DECLINED', code: 'card_declined' },
      'payments',
    ],
    [
      'payment.refunded',
      {
        orderId,
        refundId: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
        chargeId: '0b9e4f4e-2c1d-4f7a-9a55-3e1f2d7c8b6a',
        providerRefundId: 're_1',
        amountCents: 2400,
        currency: 'EUR',
      },
      'payments',
    ],
    ['stock.reserved', { orderId, lines }, 'inventory'],
    ['stock.released', { orderId, lines, reason: 'ORDER_RESTOCKED' }, 'inventory'],
    ['stock.low', { productId: 'sku-1', orderId, available: 3, threshold: 10 }, 'inventory'],
  ])('accepts a %s event, and refuses it with an unknown data field', (type, data, source) => {
    const event = { ...confirmed, type, data, metadata: from(source, orderId) };
    expect(eventSchemaProblems(event)).toEqual([]);
    expect(eventSchemaProblems({ ...event, data: { ...data, extra: 1 } }).join('\n')).toContain('data:');
  });

  it.each([
    ['a release without its reason', 'stock.released', { orderId, lines }, 'data.reason'],
    [
      'a payment failure of an unknown reason',
      'payment.failed',
      { orderId, amountCents: 1, currency: 'EUR', reason: 'OUT_OF_STOCK' },
      'data.reason',
    ],
    ['a reservation without lines', 'stock.reserved', { orderId, lines: [] }, 'data.lines'],
  ])('names the field of %s', (_what, type, data, field) => {
    expect(eventSchemaProblems({ ...confirmed, type, data }).join('\n')).toContain(`${field}:`);
  });
});
