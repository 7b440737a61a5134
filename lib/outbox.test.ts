import { z } from 'zod';
import { EVENT_TYPES } from '../contracts';
import { activityRequest } from './activity-request';
import { domainEvent, eventId } from './outbox';

describe('eventId', () => {
  it('is a UUID derived from the type and the business key alone', () => {
    const id = eventId(EVENT_TYPES.orderConfirmed, 'order-1');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(eventId(EVENT_TYPES.orderConfirmed, 'order-1')).toBe(id);
    expect(eventId(EVENT_TYPES.orderShipped, 'order-1')).not.toBe(id);
    expect(eventId(EVENT_TYPES.orderConfirmed, 'order-2')).not.toBe(id);
  });
});

describe('domainEvent', () => {
  const origin = { source: 'orders' as const, businessKey: 'o-1', correlationId: 'o-1', timestamp: new Date(0) };

  it('wraps the data in the envelope, with the request id of the running activity', () => {
    const event = activityRequest.run({ requestId: 'req-1' }, () =>
      domainEvent(EVENT_TYPES.orderCreated, { orderId: 'o-1' }, origin),
    );
    expect(event).toEqual({
      id: eventId(EVENT_TYPES.orderCreated, 'o-1'),
      type: 'order.created',
      data: { orderId: 'o-1' },
      metadata: {
        timestamp: '1970-01-01T00:00:00.000Z',
        version: 1,
        source: 'orders',
        correlationId: 'o-1',
        requestId: 'req-1',
      },
    });
  });

  it('leaves out what it does not know (no request, no active span)', () => {
    expect(domainEvent(EVENT_TYPES.orderCreated, {}, origin).metadata).toEqual({
      timestamp: '1970-01-01T00:00:00.000Z',
      version: 1,
      source: 'orders',
      correlationId: 'o-1',
    });
  });
});
