import { eventSchemaProblems } from './event-schemas';

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
});
