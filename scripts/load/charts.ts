// The report's two charts as Vega-Lite specs drawn from the report's own figures, and their rendering to SVG in Node.
import { METRICS, type LoadReport } from './report';

/** A Vega-Lite spec (the JSON the library compiles). */
export type ChartSpec = Record<string, unknown>;

const WIDTH = 720;
const colors = { domain: [METRICS.placement, METRICS.confirmed], range: ['#4c78a8', '#f58518'] };
const legend = { title: null, orient: 'top' };

/** Each order's placement latency and time to CONFIRMED (y) against when it was placed (x): the run's course. */
export function latencyOverTimeSpec(report: LoadReport): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Latency over time',
    width: WIDTH,
    height: 280,
    data: { values: report.overTime },
    mark: { type: 'point', filled: true, size: 30, opacity: 0.8 },
    encoding: {
      x: { field: 'startS', type: 'quantitative', title: 'order placed at (s since the run began)' },
      y: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)' },
      color: { field: 'metric', type: 'nominal', scale: colors, legend },
    },
  };
}

/** The histogram bins of both latencies, one panel each, on the same millisecond axis. */
export function latencyHistogramSpec(report: LoadReport): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Latency histograms (${report.histogramBinMs} ms bins)`,
    data: { values: report.histogram },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: colors.domain } },
    spec: {
      width: WIDTH,
      height: 140,
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: { field: 'fromMs', type: 'quantitative', bin: { binned: true }, title: 'latency (ms)' },
        x2: { field: 'toMs' },
        y: { field: 'count', type: 'quantitative', title: 'orders' },
        color: { field: 'metric', type: 'nominal', scale: colors, legend: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** Renders a Vega-Lite spec to an SVG document in Node (no browser, no canvas); vega is ESM-only, hence `import()`. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
