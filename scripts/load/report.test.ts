import { binWidth, buildReport, histogram, METRICS, summarize, type OrderSample, type RunInfo } from './report';

const run: RunInfo = {
  startedAt: '2026-12-02T10:00:00.000Z',
  orders: 4,
  concurrency: 2,
  gateway: 'http://127.0.0.1:5000',
  ordersService: 'http://127.0.0.1:5001',
  productId: 'sku-test',
  durationS: 2,
  polling: 'reads 200 ms growing to 1 s',
};

const orders: OrderSample[] = [
  { startMs: 0, placeStatus: 201, placeMs: 120.44, outcome: 'CONFIRMED', settleMs: 980.06, settleLowerMs: 520 },
  { startMs: 10, placeStatus: 201, placeMs: 140, outcome: 'CONFIRMED', settleMs: 1450, settleLowerMs: 650 },
  {
    startMs: 1000,
    placeStatus: 201,
    placeMs: 90,
    outcome: 'FAILED/PAYMENT_DECLINED',
    settleMs: 500,
    settleLowerMs: 90,
  },
  { startMs: 1200, placeStatus: 429, placeMs: 5, outcome: 'refused 429' },
];

describe('load report', () => {
  it('summarizes with the nearest-rank percentiles of the printed lines; nothing is null, not NaN', () => {
    expect(summarize([10.44, 20.66, 30])).toEqual({ n: 3, p50: 20.7, p95: 30, p99: 30, max: 30 });
    expect(summarize([])).toEqual({ n: 0, p50: null, p95: null, p99: null, max: null });
  });

  it('picks round bin widths of about 20 bars', () => {
    expect([binWidth(1450), binWidth(2551), binWidth(100), binWidth(7), binWidth(0)]).toEqual([100, 200, 5, 1, 1]);
  });

  it('bins from 0 to the largest value, empty bins kept', () => {
    expect(histogram(METRICS.placement, [5, 12, 14, 31], 10).map((b) => [b.fromMs, b.toMs, b.count])).toEqual([
      [0, 10, 1],
      [10, 20, 2],
      [20, 30, 0],
      [30, 40, 1],
    ]);
    expect(histogram(METRICS.placement, [], 10)).toEqual([]);
  });

  it('holds the counts, summaries, bins and time series of the run', () => {
    const report = buildReport(run, orders);
    expect(report.answers).toEqual({ '201': 3, '429': 1 });
    expect(report.outcomes).toEqual({ CONFIRMED: 2, 'FAILED/PAYMENT_DECLINED': 1, 'refused 429': 1 });
    expect(report.confirmedPerSecond).toBe(1);
    expect(report.latency[METRICS.placement]).toEqual({ n: 4, p50: 90, p95: 140, p99: 140, max: 140 });
    // only CONFIRMED orders count for time to CONFIRMED
    expect(report.latency[METRICS.confirmed]).toEqual({ n: 2, p50: 980.1, p95: 1450, p99: 1450, max: 1450 });
    expect(report.confirmedResolution).toEqual({ n: 2, p50: 460.1, p95: 800, p99: 800, max: 800 });
    expect(report.histogramBinMs).toBe(100);
    const counted = (metric: string) =>
      report.histogram.filter((b) => b.metric === metric).reduce((sum, b) => sum + b.count, 0);
    expect([counted(METRICS.placement), counted(METRICS.confirmed)]).toEqual([4, 2]);
    expect(report.histogram.find((b) => b.metric === METRICS.confirmed && b.count > 0)).toEqual({
      metric: METRICS.confirmed,
      fromMs: 900,
      toMs: 1000,
      count: 1,
    });
    expect(report.overTime.filter((p) => p.metric === METRICS.confirmed)).toEqual([
      { metric: METRICS.confirmed, startS: 0, latencyMs: 980.1 },
      { metric: METRICS.confirmed, startS: 0.01, latencyMs: 1450 },
    ]);
    expect(report.orders[0]).toEqual({ ...orders[0], placeMs: 120.4, settleMs: 980.1 });
    expect(report.orders[3]).toEqual(orders[3]);
    // what goes to the JSON file comes back the same
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
