import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import type { CheckoutLevel } from './checkout';
import type { GatewayLimits } from './customers';
import type { FloorResult } from './engine-floor';
import type { StackMemory } from './memory';
import type { RatioCheck } from './ratios';
import type { ReadRoute } from './read-path';
import type { RestockOutcome } from './restock';
import type { LatencySummary } from './stats';

/** One part of the run: its wall time and the CPU seconds each process (with its children) used meanwhile. */
export interface PartCpu {
  name: string;
  wallS: number;
  cpuS: Record<string, number>;
  /** CPU seconds the whole machine was busy meanwhile (`/proc/stat`): other people's jobs show as the difference. */
  machineBusyS: number;
}

/** Everything one bench run measured, as printed and as written to `bench/results/bench-<time>.json`. */
export interface BenchReport {
  startedAt: string;
  durationS: number;
  machine: { cpus: number; memoryGB: number; node: string };
  gateway: string;
  temporalAddress: string;
  dataDir: string;
  settings: Record<string, unknown>;
  limits: GatewayLimits;
  product?: { id: string; priceCents: number; availableBefore: number | null };
  restock?: RestockOutcome;
  floor?: FloorResult;
  checkout?: {
    customers: number;
    levels: CheckoutLevel[];
    /** Waits the bench made to stay under the gateway's limits (logins, orders per customer). */
    pacing: { waits: number; waitedMs: number };
  };
  /** Answers to the bench's own gateway calls (sign-ups, orders, catalog reads) by route and status. */
  answers: Record<string, Record<string, number>>;
  /** 429 answers among them: the bench paces itself so there should be none. */
  rateLimited: number;
  readPath?: ReadRoute[];
  /** CPU time per process during each part (where the time went). */
  cpu?: PartCpu[];
  memory?: StackMemory;
  ratios: RatioCheck[];
  notes: string[];
}

const plain = { head: [], border: [] }; // no colours: the output goes to logs and the README as is

const table = (title: string, head: string[], rows: (string | number)[][], textColumns = 1) => {
  const colAligns = head.map((_, i) => (i < textColumns ? 'left' : 'right'));
  const t = new Table({ head, style: plain, colAligns });
  t.push(...rows);
  return `${title}\n${t.toString()}`;
};

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(1));
const num = (n: number | null | undefined) => (n === null || n === undefined ? '–' : String(n));
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const latencyCells = (l: LatencySummary) => [l.n, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max)];
const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ') || 'none';

/** Where the time of a concurrency-1 floor workflow goes, one column per kind, one row per history event. */
function anatomyTable(floor: FloorResult): string | undefined {
  const { empty, 'one-hop': hop } = floor.anatomy ?? {};
  if (!hop) return undefined;
  const emptyGap = (event: string, i: number) => (empty?.steps[i]?.event === event ? ms(empty.steps[i]!.medianMs) : '');
  return table(
    `Where the time goes (median gap before each history event, c=1; empty n=${empty?.n ?? 0}, one-hop n=${hop.n}): ` +
      '"→ …_STARTED" is the server handing a task to a polling worker, "→ …_COMPLETED" the worker\'s work and the server recording it',
    ['event', 'empty ms', 'one-hop ms'],
    [
      ...hop.steps.map((s, i) => [`→ ${s.event}`, emptyGap(s.event, i), ms(s.medianMs)]),
      ['first event to last', ms(empty?.totalMs), ms(hop.totalMs)],
    ],
  );
}

/** The engine floor as a table. */
function floorTable(floor: FloorResult): string {
  return table(
    `Engine floor (own worker, task queues ${floor.taskQueues.workflows} + ${floor.taskQueues.activities}; ` +
      `${floor.warmup} warm-up runs of each not counted)`,
    ['workflow', 'c', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'workflows/s', 'failed'],
    floor.levels.map((l) => [l.kind, l.concurrency, ...latencyCells(l.latency), num(l.perSecond), l.failures]),
  );
}

/** The checkout levels as a table, with their outcomes below. */
function checkoutTable(checkout: NonNullable<BenchReport['checkout']>): string {
  const rows = checkout.levels.flatMap((l) => [
    ['placement (POST → 201/202)', l.concurrency, ...latencyCells(l.placement), ''],
    ['time to CONFIRMED (orders DB)', l.concurrency, ...latencyCells(l.toConfirmed), num(l.confirmedPerSecond)],
  ]);
  const lines = checkout.levels.map(
    (l) =>
      `  c=${l.concurrency}: outcomes ${tally(l.outcomes)}; POST answers ${tally(l.postAnswers)}; ` +
      `${l.statusReads} status reads of the orders service (${num(l.statusReadsPerSecond)}/s), ` +
      `seen ${ms(l.detectionLag.p50)} ms (p50) after the row changed`,
  );
  return [
    table(
      `Checkout through the gateway (${checkout.customers} customers, 1 unit per order)`,
      ['figure', 'c', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'confirmed/s'],
      rows,
    ),
    ...lines,
  ].join('\n');
}

/** The read path as a table: gateway and bare server per route. */
function readPathTable(routes: ReadRoute[], seconds: unknown, connections: unknown): string {
  const cells = (run: ReadRoute['gateway']) => [
    run.perSecond,
    run.p50Ms,
    run.p99Ms,
    run.statuses['200'] ?? 0,
    run.non2xx,
  ];
  return table(
    `Gateway read path (autocannon, ${connections} connections, ${seconds} s per run; rates over all answers)`,
    ['route', 'server', 'req/s', 'p50 ms', 'p99 ms', '200', 'non-2xx', 'ratio'],
    routes.flatMap((r) => [
      [r.route, 'gateway', ...cells(r.gateway), num(r.ratio)],
      ['', 'bare node:http', ...cells(r.bare), ''],
    ]),
    2,
  );
}

/** CPU seconds per process during each part, the busiest first. */
function cpuTable(parts: PartCpu[], cpus: number): string {
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.cpuS)))];
  const total = (name: string) => parts.reduce((a, p) => a + (p.cpuS[name] ?? 0), 0);
  names.sort((a, b) => total(b) - total(a));
  const sum = (p: PartCpu) => Object.values(p.cpuS).reduce((a, b) => a + b, 0);
  return table(
    `CPU seconds used during each part (${cpus} CPUs: at most ${cpus} s per wall second)`,
    ['process', ...parts.map((p) => p.name)],
    [
      ['wall time', ...parts.map((p) => p.wallS.toFixed(1))],
      ...names.map((n) => [n, ...parts.map((p) => (p.cpuS[n] === undefined ? '–' : p.cpuS[n]!.toFixed(1)))]),
      ['all of these', ...parts.map((p) => sum(p).toFixed(1))],
      ['anything else on the machine', ...parts.map((p) => Math.max(0, p.machineBusyS - sum(p)).toFixed(1))],
    ],
  );
}

/** The memory of the stack as a table. */
function memoryTable(memory: StackMemory): string {
  if (memory.error) return `Resident memory: not measured (${memory.error})`;
  const pss = (bytes: number | null) => (bytes === null ? '–' : mib(bytes));
  return table(
    `Resident memory after the run (each process with its children; ${memory.pidFile})`,
    ['process', 'pid', 'processes', 'VmRSS MiB', 'of which shared', 'PSS MiB'],
    [
      ...memory.rows.map((r) => [
        r.note ? `${r.name} (${r.note})` : r.name,
        r.pid,
        r.processes,
        mib(r.rssBytes),
        mib(r.shmemBytes),
        pss(r.pssBytes),
      ]),
      [
        'total',
        '',
        memory.rows.reduce((a, r) => a + r.processes, 0),
        mib(memory.totalRssBytes),
        mib(memory.totalShmemBytes),
        pss(memory.totalPssBytes),
      ],
    ],
  );
}

/** Every table of a run, the ratios with PASS/MISS, and its notes, as text. */
export function renderReport(r: BenchReport): string {
  const parts = [
    `npm run bench — ${r.startedAt}, ${r.machine.cpus} CPUs, ${r.machine.memoryGB} GB, Node ${r.machine.node}; ` +
      `gateway ${r.gateway}, Temporal ${r.temporalAddress}`,
  ];
  if (r.floor) parts.push(floorTable(r.floor));
  const anatomy = r.floor && anatomyTable(r.floor);
  if (anatomy) parts.push(anatomy);
  if (r.checkout) parts.push(checkoutTable(r.checkout));
  if (r.readPath) parts.push(readPathTable(r.readPath, r.settings.readSeconds, r.settings.readConnections));
  if (r.cpu && r.cpu.length > 0) parts.push(cpuTable(r.cpu, r.machine.cpus));
  if (r.memory) parts.push(memoryTable(r.memory));
  parts.push(
    table(
      'Targets',
      ['check', 'what', 'value', 'target', 'result'],
      r.ratios.map((c) => [
        c.id,
        c.note ? `${c.formula} (${c.note})` : c.formula,
        num(c.value),
        c.targetText,
        c.verdict,
      ]),
      2,
    ),
  );
  const notes = [`429 answers to the bench's own calls (sign-ups, orders, catalog): ${r.rateLimited}`, ...r.notes];
  parts.push(notes.map((n) => `- ${n}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** Writes the report as `bench-<time>.json` into `dir` (created when missing); returns the file's path. */
export function writeReportJson(dir: string, report: BenchReport, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
