import { latencyHistogramSpec, latencyOverTimeSpec } from './charts';
import { buildReport, METRICS } from './report';

const report = buildReport(
  {
    startedAt: '2026-12-02T10:00:00.000Z',
    orders: 2,
    concurrency: 1,
    gateway: 'http://127.0.0.1:5000',
    ordersService: 'http://127.0.0.1:5001',
    productId: 'sku-test',
    durationS: 2,
    polling: '',
  },
  [
    { startMs: 0, placeStatus: 201, placeMs: 100, outcome: 'CONFIRMED', settleMs: 900, settleLowerMs: 500 },
    { startMs: 1000, placeStatus: 201, placeMs: 120, outcome: 'CONFIRMED', settleMs: 1100, settleLowerMs: 700 },
  ],
);

describe('load report charts', () => {
  it('draws latency over time from the report’s own time series', () => {
    const spec = latencyOverTimeSpec(report) as {
      data: { values: unknown };
      encoding: Record<string, { field: string }>;
    };
    expect(spec.data.values).toBe(report.overTime);
    expect([spec.encoding.x!.field, spec.encoding.y!.field, spec.encoding.color!.field]).toEqual([
      'startS',
      'latencyMs',
      'metric',
    ]);
  });

  it('draws the histograms from the report’s own bins, one panel per latency', () => {
    const spec = latencyHistogramSpec(report) as {
      title: string;
      data: { values: unknown };
      facet: { row: { field: string; sort: string[] } };
      spec: { encoding: Record<string, { field: string; bin?: unknown }> };
    };
    expect(spec.data.values).toBe(report.histogram);
    expect(spec.title).toContain(`${report.histogramBinMs} ms bins`);
    expect(spec.facet.row).toMatchObject({ field: 'metric', sort: [METRICS.placement, METRICS.confirmed] });
    expect(spec.spec.encoding.x).toMatchObject({ field: 'fromMs', bin: { binned: true } });
    expect([spec.spec.encoding.x2!.field, spec.spec.encoding.y!.field]).toEqual(['toMs', 'count']);
  });
});
