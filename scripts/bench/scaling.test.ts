import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckoutLevel } from './checkout';
import type { BenchReport } from './report';
import {
  benchArgs,
  cpuPerOrder,
  renderCpuTable,
  parseScalingOptions,
  readBenchJson,
  renderScalingTable,
  scalingMatrix,
  scalingRatios,
  scalingRows,
  scalingStackSettings,
  ScalingUsageError,
  writeScalingJson,
  type ScalingResult,
} from './scaling';
import { summarize } from './stats';
import { workerReplicas } from '../../lib/replicas';

const level = (concurrency: number, perSecond: number | null, confirmed: number[], outcomes: Record<string, number>) =>
  ({
    concurrency,
    orders: confirmed.length,
    placement: summarize([5]),
    toConfirmed: summarize(confirmed),
    detectionLag: summarize([1]),
    confirmedPerSecond: perSecond,
    elapsedMs: 1000,
    outcomes,
    postAnswers: { '202': confirmed.length },
    statusReads: 10,
    statusReadsPerSecond: 10,
  }) satisfies CheckoutLevel;

const report = (
  c10PerSecond: number,
  c10: number[],
  c1: number[],
  outcomes: Record<string, number> = { CONFIRMED: c10.length },
) =>
  ({
    startedAt: '2026-12-02T23:00:00.000Z',
    durationS: 30,
    machine: { cpus: 2, memoryGB: 8, node: '20.20.2' },
    gateway: 'http://127.0.0.1:34000',
    temporalAddress: '127.0.0.1:38233',
    dataDir: '/repo/.data/scaling-dev-1-31000',
    settings: {},
    limits: { perMinute: 100000, ordersPerMinute: 100000, loginPerMinute: 100000 },
    checkout: {
      customers: 18,
      pacing: { waits: 0, waitedMs: 0 },
      levels: [level(1, 2, c1, { CONFIRMED: c1.length }), level(10, c10PerSecond, c10, outcomes)],
    },
    answers: {},
    rateLimited: 0,
    ratios: [],
    notes: [],
    cpu: [
      {
        name: 'checkout c=10',
        wallS: 10,
        cpuS: {
          'temporal-history': 1,
          'temporal-frontend': 1,
          postgres: 0.8,
          redis: 0.2,
          orders: 0.4,
          'orders-2': 0.4,
          payments: 0.2,
          gateway: 0.4,
        },
        machineBusyS: 5,
      },
    ],
  }) satisfies BenchReport;

const results: ScalingResult[] = [
  { config: { engine: 'dev', replicas: 1 }, startS: 62, report: report(8, [100, 200, 300, 400], [90, 110]) },
  { config: { engine: 'dev', replicas: 2 }, startS: 80, report: report(12, [80, 90, 100, 500], [95, 105]) },
  { config: { engine: 'cluster', replicas: 1 }, startS: 150, report: report(4, [300, 300, 300, 900], [250, 260]) },
  { config: { engine: 'cluster', replicas: 2 }, error: 'stack not up within 600 s; see x.log\nlast output' },
];

describe('the CPU table', () => {
  test('CPU ms per CONFIRMED order at c=10, by group of processes, replicas in their kind', () => {
    // 4 CONFIRMED orders in the c=10 part of the first configuration
    expect(cpuPerOrder(results[0]!)).toEqual({
      groups: [500, 200, 50, 200, 50, 100],
      total: 1100,
      machine: 1250,
    });
    expect(cpuPerOrder(results[3]!)).toBeNull();
    const text = renderCpuTable(results);
    expect(text).toContain('dev×1');
    expect(text).toMatch(/500\.0 .*200\.0 .*50\.0 .*200\.0 .*50\.0 .*100\.0 .*1100\.0 .*1250\.0/);
    expect(text).toMatch(/cluster×2 .*no CPU figures/);
  });
});

describe('the configurations', () => {
  test('dev×1, dev×2, cluster×1, cluster×2, or one engine with --only', () => {
    expect(scalingMatrix()).toEqual([
      { engine: 'dev', replicas: 1 },
      { engine: 'dev', replicas: 2 },
      { engine: 'cluster', replicas: 1 },
      { engine: 'cluster', replicas: 2 },
    ]);
    expect(scalingMatrix('cluster').map((c) => c.replicas)).toEqual([1, 2]);
  });

  test('every replicated kind at the count, an own data folder per configuration, high limits', () => {
    expect(workerReplicas(2)).toBe('orders=2,inventory=2,payments=2,users=2,products=2,notifications=2,gateway=2');
    const s = scalingStackSettings({ engine: 'cluster', replicas: 2 }, 31000, '/repo');
    expect(s.DATA_DIR).toBe('/repo/.data/scaling-cluster-2-31000');
    expect(s.WORKER_REPLICAS).toBe(workerReplicas(2));
    expect(s.RATE_LIMIT_LOGIN_PER_MINUTE).toBe('100000');
  });
});

describe('the command line', () => {
  test('defaults 100 and 20; --only, the bench arguments', () => {
    expect(parseScalingOptions([])).toEqual({ orders: 100, serialOrders: 20, only: undefined, help: false });
    const o = parseScalingOptions(['--only', 'dev', '--orders', '20', '--serial-orders', '5']);
    expect(o).toEqual({ orders: 20, serialOrders: 5, only: 'dev', help: false });
    expect(benchArgs(o, '/tmp/x')).toEqual([
      '--skip-floor',
      '--skip-gateway',
      '--orders',
      '20',
      '--serial-orders',
      '5',
      '--json-dir',
      '/tmp/x',
    ]);
  });

  test('refuses an unknown engine, a zero count, an unknown option', () => {
    expect(() => parseScalingOptions(['--only', 'prod'])).toThrow(ScalingUsageError);
    expect(() => parseScalingOptions(['--orders', '0'])).toThrow('--orders: "0"');
    expect(() => parseScalingOptions(['--floor', '3'])).toThrow(ScalingUsageError);
  });
});

describe('the comparison', () => {
  test('ratios against dev×1 and ×2 against the same engine ×1', () => {
    expect(scalingRatios(results[0]!, results)).toEqual({ vsDev1: 1, vsOne: null });
    expect(scalingRatios(results[1]!, results)).toEqual({ vsDev1: 1.5, vsOne: 1.5 });
    expect(scalingRatios(results[2]!, results)).toEqual({ vsDev1: 0.5, vsOne: null });
    expect(scalingRatios(results[3]!, results)).toEqual({ vsDev1: null, vsOne: null });
  });

  test('one row per configuration; the one not measured shows the first line of its error', () => {
    const rows = scalingRows(results);
    expect(rows[1]).toEqual([
      'dev×2',
      '80',
      '12',
      '90.0',
      '500.0',
      '95.0',
      '4 CONFIRMED / 2 CONFIRMED',
      '1.50×',
      '1.50×',
    ]);
    expect(rows[2]).toEqual([
      'cluster×1',
      '150',
      '4',
      '300.0',
      '900.0',
      '250.0',
      '4 CONFIRMED / 2 CONFIRMED',
      '0.50×',
      '–',
    ]);
    expect(rows[3]).toEqual([
      'cluster×2',
      '–',
      { content: 'not measured: stack not up within 600 s; see x.log', colSpan: 4, hAlign: 'left' },
      '–',
      '',
      '',
    ]);
  });

  test('the table lists the outcomes, the most frequent first', () => {
    const mixed: ScalingResult[] = [
      { config: { engine: 'dev', replicas: 1 }, report: report(5, [10, 20], [10], { CONFIRMED: 18, FAILED: 2 }) },
    ];
    const text = renderScalingTable(mixed, { orders: 20, serialOrders: 1 });
    expect(text).toContain('20 orders at c=10, 1 at c=1');
    expect(text).toMatch(
      /dev×1 .*│\s+5 │\s+10\.0 │\s+20\.0 │\s+10\.0 │ 18 CONFIRMED, 2 FAILED \/ 1 CONFIRMED\s+│\s+1\.00×/,
    );
  });
});

describe('the files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'scaling-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the newest bench JSON of the folder, refuses a folder without one', () => {
    expect(() => readBenchJson(dir)).toThrow('wrote no bench-*.json');
    writeFileSync(path.join(dir, 'bench-2026-12-02T10-00-00-000Z.json'), JSON.stringify(report(1, [1], [1])));
    writeFileSync(path.join(dir, 'bench-2026-12-02T11-00-00-000Z.json'), JSON.stringify(report(7, [1], [1])));
    expect(readBenchJson(dir).checkout?.levels[1]?.confirmedPerSecond).toBe(7);
  });

  test('writes scaling-<time>.json', () => {
    const file = writeScalingJson(dir, { results }, new Date('2026-12-02T23:05:00.123Z'));
    expect(path.basename(file)).toBe('scaling-2026-12-02T23-05-00-123Z.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).results[3].error).toMatch(/^stack not up/);
  });
});
