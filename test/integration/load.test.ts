import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';
import { gatewayUrl } from '../support/http';
import { testProcessEnv } from '../support/test-env';

describe('npm run load', () => {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'load-report-'));
  afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

  it('places the orders through the gateway, sees every one CONFIRMED, prints the figures and writes the report', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts', 'load.ts'),
        '--orders',
        '6',
        '--concurrency',
        '3',
        '--gateway',
        gatewayUrl(),
        '--report-dir',
        reportDir,
      ],
      {
        cwd: PROJECT_ROOT,
        env: testProcessEnv(),
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^placing 6 orders of 1 × sku-[a-z-]+ .* with 3 customers at once/m);
    expect(run.stdout).toMatch(/^answers to POST \/api\/orders: 201: 6$/m);
    expect(run.stdout).toMatch(/^outcomes: CONFIRMED: 6$/m);
    expect(run.stdout).toMatch(/^time to CONFIRMED \(ms\): p50 \d+ {2}p95 \d+ {2}p99 \d+ {2}max \d+ {2}\(n=6\)$/m);
    expect(run.stdout).toMatch(/^time to CONFIRMED resolution \(ms\): p50 \d+ .*\(n=6\)$/m);
    expect(run.stdout).toMatch(/^throughput: \d+\.\d confirmed orders\/s/m);

    // not a terminal: plain progress lines (if the run lasts 5 s), no bar drawing
    expect(run.stdout.includes('\u001b[')).toBe(false);
    const html = /^report: (.+\.html)$/m.exec(run.stdout)?.[1];
    const json = /^figures: (.+\.json)$/m.exec(run.stdout)?.[1];
    expect([path.dirname(html ?? ''), path.dirname(json ?? '')]).toEqual([reportDir, reportDir]);
    expect(path.basename(html!)).toMatch(/^load-report-\d{4}-\d{2}-\d{2}T[\d-]+Z\.html$/);

    const figures = JSON.parse(readFileSync(json!, 'utf8')) as {
      outcomes: Record<string, number>;
      latency: Record<string, { n: number; p50: number }>;
      histogram: { metric: string; count: number }[];
      overTime: { metric: string; startS: number; latencyMs: number }[];
      orders: { outcome: string; settleMs: number; settleLowerMs: number }[];
    };
    expect(figures.outcomes).toEqual({ CONFIRMED: 6 });
    expect([figures.latency['placement']?.n, figures.latency['time to CONFIRMED']?.n]).toEqual([6, 6]);
    const binned = (metric: string) =>
      figures.histogram.filter((b) => b.metric === metric).reduce((sum, b) => sum + b.count, 0);
    expect([binned('placement'), binned('time to CONFIRMED')]).toEqual([6, 6]);
    expect(figures.overTime).toHaveLength(12);
    for (const order of figures.orders) expect(order.settleMs).toBeGreaterThan(order.settleLowerMs);

    const page = readFileSync(html!, 'utf8');
    expect(page.match(/<svg[\s>]/g)).toHaveLength(2);
    expect(page).toContain('Latency over time');
    expect(page).toContain('Latency histograms');
    expect(page).toContain(path.basename(json!));
  });
});
