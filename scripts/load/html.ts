// The HTML report: the run's figures as tables, and the two charts as inline SVG.
import { type LatencySummary, type LoadReport } from './report';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const cell = (v: number | null) => (v === null ? '–' : String(Math.round(v)));

const latencyRow = (name: string, s: LatencySummary) =>
  `<tr><th>${escapeHtml(name)}</th><td>${s.n}</td><td>${cell(s.p50)}</td><td>${cell(s.p95)}</td><td>${cell(s.p99)}</td><td>${cell(s.max)}</td></tr>`;

const countsLine = (counts: Record<string, number>) =>
  escapeHtml(
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || 'none',
  );

/** The report page; `charts` are SVG documents (from renderSvg), embedded as they are; `jsonFile` names the figures' file. */
export function reportHtml(report: LoadReport, charts: { title: string; svg: string }[], jsonFile: string): string {
  const { run } = report;
  const title = `Load run ${run.startedAt}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.75em; text-align: right; }
th:first-child { text-align: left; }
figure { margin: 1.5em 0; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${run.orders} orders of 1 × <code>${escapeHtml(run.productId)}</code> by ${run.concurrency} customers at once on
<code>${escapeHtml(run.gateway)}</code>, in ${run.durationS.toFixed(1)} s: ${report.confirmedPerSecond} confirmed orders/s.</p>
<p>Answers to POST /api/orders: ${countsLine(report.answers)}.<br>Outcomes: ${countsLine(report.outcomes)}.</p>
<table>
<tr><th>latency (ms)</th><th>n</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>
${Object.entries(report.latency)
  .map(([name, s]) => latencyRow(name, s))
  .join('\n')}
${latencyRow('time to CONFIRMED: resolution', report.confirmedResolution)}
</table>
<p>${escapeHtml(run.polling)}</p>
${charts.map((c) => `<figure aria-label="${escapeHtml(c.title)}">\n${c.svg}\n</figure>`).join('\n')}
<p>The same figures, per order: <a href="${escapeHtml(jsonFile)}">${escapeHtml(jsonFile)}</a>.</p>
</body>
</html>
`;
}
