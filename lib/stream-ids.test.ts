import { compareStreamIds, isStreamId, parseStreamId, previousStreamId } from './stream-ids';

describe('stream entry ids', () => {
  it('parses <ms>-<seq> with both parts up to 2^64 - 1, and nothing else', () => {
    expect(parseStreamId('1700000000000-3')).toEqual([1_700_000_000_000n, 3n]);
    expect(isStreamId('0-0')).toBe(true);
    expect(isStreamId('18446744073709551615-18446744073709551615')).toBe(true);
    for (const bad of ['', '1', '1-', '-1', '1-2-3', 'a-1', '1-1 ', '18446744073709551616-0', '+', '$'])
      expect({ bad, ok: isStreamId(bad) }).toEqual({ bad, ok: false });
  });

  it('orders ids numerically, not as text', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareStreamIds('10-10', '10-2')).toBeGreaterThan(0);
    expect(compareStreamIds('7-1', '7-1')).toBe(0);
    expect(() => compareStreamIds('x', '1-0')).toThrow('not a stream entry id: x');
  });

  it('gives the id just before another, across the millisecond boundary', () => {
    expect(previousStreamId('5-3')).toBe('5-2');
    expect(previousStreamId('5-0')).toBe('4-18446744073709551615');
    expect(previousStreamId('0-0')).toBe('0-0');
    expect(compareStreamIds(previousStreamId('1700000000000-0'), '1700000000000-0')).toBeLessThan(0);
  });
});
