import { latencyLine, percentile, tally } from './stats';

describe('load statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99), percentile(values, 100)]).toEqual([
      50, 95, 99, 100,
    ]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('prints a latency line and a tally', () => {
    expect(latencyLine([10.4, 20.6, 30])).toBe('p50 21  p95 30  p99 30  max 30  (n=3)');
    expect(latencyLine([])).toBe('none');
    expect(tally(['CONFIRMED', 'FAILED', 'CONFIRMED', 201])).toBe('CONFIRMED: 2, FAILED: 1, 201: 1');
  });
});
