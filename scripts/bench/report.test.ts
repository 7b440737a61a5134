import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeRatios } from './ratios';
import { renderReport, writeReportJson, type BenchReport } from './report';
import { summarize } from './stats';

const report: BenchReport = {
  startedAt: '2026-12-02T10:00:00.000Z',
  durationS: 200,
  machine: { cpus: 2, memoryGB: 8, node: '20.20.2' },
  gateway: 'http://127.0.0.1:3000',
  temporalAddress: '127.0.0.1:7233',
  dataDir: '/repo/.data',
  settings: { readSeconds: 5, readConnections: 10 },
  limits: { perMinute: 300, ordersPerMinute: 30, loginPerMinute: 10 },
  floor: {
    taskQueues: { workflows: 'bench-floor', activities: 'bench-hop' },
    warmup: 10,
    setupMs: 4000,
    levels: [
      { kind: 'empty', concurrency: 1, latency: summarize([20, 22]), perSecond: 45, elapsedMs: 42, failures: 0 },
    ],
    anatomy: {
      empty: { n: 20, totalMs: 44, steps: [{ event: 'WORKFLOW_TASK_STARTED', medianMs: 23.5 }] },
      'one-hop': {
        n: 19,
        totalMs: 137,
        steps: [
          { event: 'WORKFLOW_TASK_STARTED', medianMs: 23 },
          { event: 'ACTIVITY_TASK_STARTED', medianMs: 32.3 },
        ],
      },
    },
  },
  checkout: {
    customers: 18,
    pacing: { waits: 0, waitedMs: 0 },
    levels: [
      {
        concurrency: 1,
        orders: 2,
        placement: summarize([60, 70]),
        toConfirmed: summarize([140, 160]),
        detectionLag: summarize([20, 30]),
        confirmedPerSecond: 5,
        elapsedMs: 400,
        outcomes: { CONFIRMED: 2 },
        postAnswers: { '201': 2 },
        statusReads: 8,
        statusReadsPerSecond: 20,
      },
    ],
  },
  answers: { 'POST /api/orders': { '201': 2 } },
  rateLimited: 0,
  cpu: [
    { name: 'engine floor', wallS: 20, cpuS: { temporal: 12.5, bench: 9, orders: 0.4 }, machineBusyS: 25 },
    { name: 'checkout c=1', wallS: 30, cpuS: { temporal: 10, bench: 2, orders: 14 }, machineBusyS: 50 },
  ],
  memory: {
    pidFile: '/repo/.data/run/pids.json',
    rows: [
      {
        name: 'gateway',
        pid: 110,
        processes: 1,
        rssBytes: 100 * 1024 * 1024,
        shmemBytes: 0,
        pssBytes: 90 * 1024 * 1024,
      },
    ],
    totalRssBytes: 100 * 1024 * 1024,
    totalShmemBytes: 0,
    totalPssBytes: 90 * 1024 * 1024,
  },
  ratios: computeRatios({ emptyP50: 20, placementP50: 60, confirmedP50: 140 }),
  notes: ['restocked 2 × sku-paper-filters'],
};

describe('renderReport', () => {
  it('prints every part, the targets with PASS/MISS/n/a, and the notes', () => {
    const text = renderReport(report);
    expect(text).toContain('Engine floor');
    expect(text).toContain('empty n=20, one-hop n=19');
    expect(text).toMatch(/→ WORKFLOW_TASK_STARTED .* 23\.5 .* 23\.0/);
    expect(text).toMatch(/→ ACTIVITY_TASK_STARTED .*│ +│ +32\.3/);
    expect(text).toMatch(/first event to last .* 44\.0 .* 137\.0/);
    expect(text).toContain('time to CONFIRMED (orders DB)');
    expect(text).toMatch(/R0 .* 3 .* ≤ 3 .* PASS/);
    expect(text).toMatch(/R1 .* 7 .* ≤ 5 .* MISS/);
    expect(text).toMatch(/R2 .* n\/a/);
    expect(text).toMatch(/total .* 100 .* 0 .* 90 /);
    expect(text).toMatch(/wall time .* 20\.0 .* 30\.0/);
    expect(text).toMatch(/temporal .* 12\.5 .* 10\.0/);
    expect(text.indexOf('│ temporal')).toBeLessThan(text.indexOf('│ orders')); // the busiest first
    expect(text).toMatch(/all of these .* 21\.9 .* 26\.0/);
    expect(text).toMatch(/anything else on the machine .* 3\.1 .* 24\.0/);
    expect(text).toContain("429 answers to the bench's own calls (sign-ups, orders, catalog): 0");
    expect(text).toContain('- restocked 2 × sku-paper-filters');
  });

  it('says why memory was not measured', () => {
    const text = renderReport({ ...report, memory: { ...report.memory!, error: '/x/run/pids.json is missing' } });
    expect(text).toContain('Resident memory: not measured (/x/run/pids.json is missing)');
  });
});

describe('writeReportJson', () => {
  it('writes bench-<time>.json into the folder, creating it', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'results');
    try {
      const file = writeReportJson(dir, report, new Date('2026-12-02T10:00:00.123Z'));
      expect(path.basename(file)).toBe('bench-2026-12-02T10-00-00-123Z.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
