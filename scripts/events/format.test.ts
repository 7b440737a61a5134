import { byEntryId, entryRow, formatRow, HEADER, replayReport, type RawEntry } from './format';

const entry = (id: string, type: string, correlationId: string, event: unknown): RawEntry => [
  id,
  ['id', 'e-1', 'type', type, 'correlationId', correlationId, 'event', JSON.stringify(event)],
];

describe('tail rows', () => {
  it("reads type, correlation id and the event's commit time", () => {
    const row = entryRow(
      'events.orders',
      entry('1796205601000-0', 'order.created', 'a'.repeat(32), {
        metadata: { timestamp: '2026-12-02T10:00:00.500Z' },
      }),
    );
    expect(row).toEqual({
      id: '1796205601000-0',
      stream: 'events.orders',
      type: 'order.created',
      correlationId: 'a'.repeat(32),
      timestamp: '2026-12-02T10:00:00.500Z',
    });
  });

  it('falls back to the time in the entry id, and ? for a field the relay did not write', () => {
    expect(entryRow('events.users', ['1796205601000-2', ['event', 'not json']])).toEqual({
      id: '1796205601000-2',
      stream: 'events.users',
      type: '?',
      correlationId: '?',
      timestamp: '2026-12-02T10:00:01.000Z',
    });
  });

  it('aligns columns under the heading', () => {
    const line = formatRow(
      entryRow('events.payments', entry('1796205601000-0', 'payment.received', 'o-1', { metadata: {} })),
    );
    expect(line.indexOf('payment.received')).toBe(HEADER.indexOf('TYPE'));
    expect(line.indexOf('o-1')).toBe(HEADER.indexOf('CORRELATION ID'));
    expect(line.endsWith('2026-12-02T10:00:01.000Z')).toBe(true);
  });

  it('merges streams by entry id, numerically', () => {
    const rows = [
      entryRow('events.orders', ['10-0', []]),
      entryRow('events.users', ['9-5', []]),
      entryRow('events.payments', ['10-0', []]),
    ];
    expect(byEntryId(rows).map((r) => `${r.id} ${r.stream}`)).toEqual([
      '9-5 events.users',
      '10-0 events.orders',
      '10-0 events.payments',
    ]);
  });
});

describe('replayReport', () => {
  it('says where the group moved, how much comes again, and why that is harmless', () => {
    const text = replayReport('notifications', '20-0', [
      { stream: 'events.orders', before: '30-0', after: '19-18446744073709551615', entries: 4 },
      { stream: 'events.users', before: '25-1', after: '19-18446744073709551615', entries: 1 },
    ]);
    expect(text).toContain(
      'events.orders: group notifications moved back from 30-0 to 19-18446744073709551615; 4 entries from 20-0 on will be delivered to it again',
    );
    expect(text).toContain('1 entry from 20-0 on');
    expect(text).toContain('idempotent');
    expect(text).toContain('only what it had not processed takes effect');
  });
});
