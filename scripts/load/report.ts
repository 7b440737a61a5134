// The figures of one load run, as the JSON report holds them and the charts draw them.
import { percentile } from './stats';

/** One order of the run; times in ms, `startMs` since the run began, the others since the order's POST was sent. */
export interface OrderSample {
  startMs: number;
  placeStatus: number;
  placeMs: number;
  outcome: string;
  /** When a read first saw the order CONFIRMED or final. */
  settleMs?: number;
  /** When the read before that still saw it pending (the placement answer when there was none): the figure's resolution. */
  settleLowerMs?: number;
}

/** The two latencies the tool measures. */
export const METRICS = {
  placement: 'placement',
  confirmed: 'time to CONFIRMED',
} as const;
export type Metric = (typeof METRICS)[keyof typeof METRICS];

/** p50/p95/p99/max of one latency (nearest rank, as the printed lines), NaN-free: null when there is no value. */
export interface LatencySummary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One bar of a histogram: the orders whose latency is in [fromMs, toMs). */
export interface HistogramBin {
  metric: Metric;
  fromMs: number;
  toMs: number;
  count: number;
}

/** One point of the latency-over-time chart: an order's latency against when it was placed. */
export interface TimePoint {
  metric: Metric;
  startS: number;
  latencyMs: number;
}

export interface RunInfo {
  startedAt: string;
  orders: number;
  concurrency: number;
  gateway: string;
  ordersService: string;
  productId: string;
  durationS: number;
  /** How the tool saw orders settle, e.g. the backoff of its reads. */
  polling: string;
}

export interface LoadReport {
  run: RunInfo;
  answers: Record<string, number>;
  outcomes: Record<string, number>;
  confirmedPerSecond: number;
  latency: Record<Metric, LatencySummary>;
  /** How late the time-to-CONFIRMED figures may be (settleMs - settleLowerMs of each confirmed order). */
  confirmedResolution: LatencySummary;
  histogramBinMs: number;
  histogram: HistogramBin[];
  overTime: TimePoint[];
  orders: OrderSample[];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** p50/p95/p99/max of `values`, rounded to 0.1 ms. */
export function summarize(values: number[]): LatencySummary {
  if (values.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null };
  const p = (q: number) => round(percentile(values, q));
  return { n: values.length, p50: p(50), p95: p(95), p99: p(99), max: round(Math.max(...values)) };
}

/** A round bin width (1, 2 or 5 × a power of ten ms) that cuts [0, maxMs] into about `bins` bars. */
export function binWidth(maxMs: number, bins = 20): number {
  if (!(maxMs > 0)) return 1;
  const raw = maxMs / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw)! * power;
  return Math.max(1, step);
}

/** Counts of `values` in bins of `width` ms from 0 up to the bin of the largest; empty bins included, so gaps show. */
export function histogram(metric: Metric, values: number[], width: number): HistogramBin[] {
  if (values.length === 0) return [];
  const counts = new Array<number>(Math.floor(Math.max(...values) / width) + 1).fill(0);
  for (const v of values) counts[Math.floor(v / width)]! += 1;
  return counts.map((count, i) => ({ metric, fromMs: i * width, toMs: (i + 1) * width, count }));
}

const countsOf = (values: (string | number)[]) => {
  const counts: Record<string, number> = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
};

/** The report of a run: the summaries the tool prints, and the histogram and time series its charts draw. */
export function buildReport(run: RunInfo, orders: OrderSample[]): LoadReport {
  const confirmed = orders.filter((o) => o.outcome === 'CONFIRMED' && o.settleMs !== undefined);
  const series: Record<Metric, { startMs: number; ms: number }[]> = {
    [METRICS.placement]: orders.map((o) => ({ startMs: o.startMs, ms: o.placeMs })),
    [METRICS.confirmed]: confirmed.map((o) => ({ startMs: o.startMs, ms: o.settleMs! })),
  };
  const all = Object.values(series).flatMap((s) => s.map((p) => p.ms));
  const width = binWidth(all.length ? Math.max(...all) : 0);
  const metrics = Object.values(METRICS);
  return {
    run,
    answers: countsOf(orders.map((o) => o.placeStatus)),
    outcomes: countsOf(orders.map((o) => o.outcome)),
    confirmedPerSecond: run.durationS > 0 ? round(confirmed.length / run.durationS) : 0,
    latency: Object.fromEntries(metrics.map((m) => [m, summarize(series[m].map((p) => p.ms))])) as Record<
      Metric,
      LatencySummary
    >,
    confirmedResolution: summarize(confirmed.map((o) => o.settleMs! - (o.settleLowerMs ?? 0))),
    histogramBinMs: width,
    histogram: metrics.flatMap((m) =>
      histogram(
        m,
        series[m].map((p) => p.ms),
        width,
      ),
    ),
    overTime: metrics.flatMap((m) =>
      series[m].map((p) => ({ metric: m, startS: Math.round(p.startMs) / 1000, latencyMs: round(p.ms) })),
    ),
    orders: orders.map((o) => ({
      ...o,
      startMs: round(o.startMs),
      placeMs: round(o.placeMs),
      ...(o.settleMs === undefined ? {} : { settleMs: round(o.settleMs) }),
      ...(o.settleLowerMs === undefined ? {} : { settleLowerMs: round(o.settleLowerMs) }),
    })),
  };
}
