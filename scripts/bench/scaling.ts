// The pure parts of `npm run bench:scaling` (scripts/bench-scaling.ts): its configurations, its command line, reading
// the JSON each bench run writes, and the one table that compares the runs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { workerReplicas } from '../../lib/replicas';
import type { CheckoutLevel } from './checkout';
import { wholeOption } from './options';
import type { BenchReport } from './report';

/** The Temporal engine of a stack: the CLI's dev server (SQLite) or the cluster on PostgreSQL (`--cluster`). */
export type Engine = 'dev' | 'cluster';

/** Both engines, in the order they run. */
export const ENGINES: readonly Engine[] = ['dev', 'cluster'];

/** One stack to measure: its engine and how many processes of every worker kind (and of the gateway) it runs. */
export interface ScalingConfig {
  engine: Engine;
  replicas: number;
}

/** The configurations one run measures, in order: dev×1, dev×2, cluster×1, cluster×2 (only one engine's with `only`). */
export const scalingMatrix = (only?: Engine): ScalingConfig[] =>
  ENGINES.filter((e) => !only || e === only).flatMap((engine) => [1, 2].map((replicas) => ({ engine, replicas })));

/** A configuration's name in the table and the progress lines, e.g. `dev×2`. */
export const configLabel = (c: ScalingConfig): string => `${c.engine}×${c.replicas}`;

/** The settings of a configuration's stack (before `isolatedStackEnv`), minus the ports; high limits so the bench is never throttled. */
export function scalingStackSettings(c: ScalingConfig, offset: number, root: string): Record<string, string> {
  return {
    DATA_DIR: path.join(root, '.data', `scaling-${c.engine}-${c.replicas}-${offset}`),
    WORKER_REPLICAS: workerReplicas(c.replicas),
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_ORDERS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  };
}

/** Settings of one `npm run bench:scaling` run. */
export interface ScalingOptions {
  /** Checkout orders at concurrency 10 per configuration. */
  orders: number;
  /** Checkout orders at concurrency 1 per configuration. */
  serialOrders: number;
  only?: Engine;
  help: boolean;
}

/** What `--help` prints. */
export const SCALING_USAGE = `npm run bench:scaling -- [options]

For dev×1, dev×2, cluster×1 and cluster×2 in turn (engine: the Temporal CLI dev server or --cluster; ×2: two processes
of every worker kind and of the gateway, WORKER_REPLICAS), starts a stack of its own (ports + TEST_PORT_OFFSET, default
21000; data in .data/scaling-<engine>-<replicas>-<offset>), runs the bench's checkout against it
(npm run bench -- --skip-floor --skip-gateway) and stops it; then prints one table (confirmed orders/s and time to
CONFIRMED per configuration, with the ratios) and writes bench/results/scaling-<time>.json.
Exits 0 when every configuration was measured, 1 when one was not, 2 on bad arguments.

  --orders N          checkout orders at concurrency 10 per configuration (default 100)
  --serial-orders N   checkout orders at concurrency 1 per configuration (default 20)
  --only dev|cluster  only that engine's two configurations
  --help              this text
`;

/** Raised for a bad command line; the message says which option. */
export class ScalingUsageError extends Error {}

const whole = (name: string, text: string | undefined, fallback: number): number =>
  wholeOption(name, text, fallback, 1, 100_000, (m) => new ScalingUsageError(m));

/** Parses the command line (the arguments after `npm run bench:scaling --`). */
export function parseScalingOptions(argv: string[]): ScalingOptions {
  let v;
  try {
    v = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: 'string' },
        'serial-orders': { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    throw new ScalingUsageError((err as Error).message);
  }
  if (v.only !== undefined && !(ENGINES as readonly string[]).includes(v.only))
    throw new ScalingUsageError(`--only: "${v.only}" is neither dev nor cluster`);
  return {
    orders: whole('orders', v.orders, 100),
    serialOrders: whole('serial-orders', v['serial-orders'], 20),
    only: v.only as Engine | undefined,
    help: v.help === true,
  };
}

/** The arguments of `scripts/bench.ts` for one configuration: the checkout only, its JSON into `jsonDir`. */
export const benchArgs = (o: ScalingOptions, jsonDir: string): string[] => [
  '--skip-floor',
  '--skip-gateway',
  '--orders',
  String(o.orders),
  '--serial-orders',
  String(o.serialOrders),
  '--json-dir',
  jsonDir,
];

/** Reads the newest `bench-*.json` that `writeReportJson` wrote into `dir`; throws when there is none. */
export function readBenchJson(dir: string): BenchReport {
  const files = readdirSync(dir)
    .filter((f) => /^bench-.*\.json$/.test(f))
    .sort();
  const last = files.at(-1);
  if (!last) throw new Error(`the bench wrote no bench-*.json into ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, last), 'utf8')) as BenchReport;
}

/** What happened to one configuration: its bench report, or why there is none. */
export interface ScalingResult {
  config: ScalingConfig;
  /** Seconds the stack took to be up. */
  startS?: number;
  report?: BenchReport;
  error?: string;
}

/** The checkout level of `report` at `concurrency`, if the bench measured one. */
export const levelAt = (report: BenchReport | undefined, concurrency: number): CheckoutLevel | undefined =>
  report?.checkout?.levels.find((l) => l.concurrency === concurrency);

/** True when the configuration has a confirmed-orders rate at c=10 (the figure the table compares). */
export const measured = (r: ScalingResult): boolean =>
  !r.error && typeof levelAt(r.report, 10)?.confirmedPerSecond === 'number';

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  typeof a === 'number' && typeof b === 'number' && b > 0 ? Math.round((a / b) * 100) / 100 : null;

/** Confirmed orders/s at c=10 of `r` over dev×1's, and (for ×2 and more) over the same engine's ×1; null when either is missing. */
export function scalingRatios(r: ScalingResult, all: ScalingResult[]): { vsDev1: number | null; vsOne: number | null } {
  const rate = (x: ScalingResult | undefined) => (x && measured(x) ? levelAt(x.report, 10)?.confirmedPerSecond : null);
  const find = (engine: Engine, replicas: number) =>
    all.find((x) => x.config.engine === engine && x.config.replicas === replicas);
  return {
    vsDev1: ratio(rate(r), rate(find('dev', 1))),
    vsOne: r.config.replicas === 1 ? null : ratio(rate(r), rate(find(r.config.engine, 1))),
  };
}

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(1));
const num = (n: number | null | undefined) => (n === null || n === undefined ? '–' : String(n));
const times = (n: number | null) => (n === null ? '–' : `${n.toFixed(2)}×`);
/** `100 CONFIRMED` or `18 CONFIRMED, 2 FAILED` (the outcomes of a checkout level, most first). */
export const outcomesText = (l: CheckoutLevel | undefined): string =>
  l
    ? Object.entries(l.outcomes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    : '–';

/** The header of the comparison table. */
export const SCALING_HEAD = [
  'config',
  'started in s',
  'confirmed/s c=10',
  'CONFIRMED p50 ms c=10',
  'p95 ms c=10',
  'p50 ms c=1',
  'outcomes c=10 / c=1',
  'vs dev×1',
  '×2 vs ×1',
];

/** One row of the comparison table per configuration; a configuration not measured shows its error instead. */
export function scalingRows(results: ScalingResult[]): Table.HorizontalTableRow[] {
  return results.map((r) => {
    const c10 = levelAt(r.report, 10);
    const c1 = levelAt(r.report, 1);
    const started = r.startS === undefined ? '–' : r.startS.toFixed(0);
    if (!measured(r)) {
      const why = (r.error ?? 'the bench measured no confirmed orders/s at c=10').split('\n')[0]!.slice(0, 100);
      return [
        configLabel(r.config),
        started,
        { content: `not measured: ${why}`, colSpan: 4, hAlign: 'left' },
        outcomesText(c10),
        '',
        '',
      ];
    }
    const { vsDev1, vsOne } = scalingRatios(r, results);
    return [
      configLabel(r.config),
      started,
      num(c10?.confirmedPerSecond),
      ms(c10?.toConfirmed.p50),
      ms(c10?.toConfirmed.p95),
      ms(c1?.toConfirmed.p50),
      `${outcomesText(c10)} / ${outcomesText(c1)}`,
      times(vsDev1),
      times(vsOne),
    ];
  });
}

/** The comparison table as text, its title naming the order counts. */
export function renderScalingTable(
  results: ScalingResult[],
  o: Pick<ScalingOptions, 'orders' | 'serialOrders'>,
): string {
  const t = new Table({
    head: SCALING_HEAD,
    style: { head: [], border: [] },
    colAligns: SCALING_HEAD.map((_, i) => (i === 0 || i === 6 ? 'left' : 'right')),
  });
  t.push(...scalingRows(results));
  return (
    `Checkout per configuration (${o.orders} orders at c=10, ${o.serialOrders} at c=1; ×2 = two processes of every ` +
    `worker kind and of the gateway, the bench using the first gateway)\n${t.toString()}\n`
  );
}

/** Groups of the stack's processes in the CPU table, by supervisor name (replicas `-2`… fall in their kind's group). */
export const CPU_GROUPS: { label: string; match: (name: string) => boolean }[] = [
  { label: 'Temporal', match: (n) => n.startsWith('temporal') },
  { label: 'PostgreSQL', match: (n) => n === 'postgres' },
  { label: 'Redis', match: (n) => n === 'redis' },
  { label: 'orders worker', match: (n) => /^orders(-\d+)?$/.test(n) },
  { label: 'other workers', match: (n) => /^(inventory|payments|users|products|notifications)(-\d+)?$/.test(n) },
  { label: 'gateway', match: (n) => /^gateway(-\d+)?$/.test(n) },
];

/**
 * CPU milliseconds per CONFIRMED order in the c=10 checkout of `r`, by group of processes, with their sum and the whole
 * machine's busy time over the same part (the bench itself and anything else running show in the difference); null
 * when the bench measured no such part or no order.
 */
export function cpuPerOrder(r: ScalingResult): { groups: number[]; total: number; machine: number } | null {
  const part = r.report?.cpu?.find((p) => p.name === 'checkout c=10');
  const confirmed = levelAt(r.report, 10)?.outcomes.CONFIRMED ?? 0;
  if (!part || confirmed === 0) return null;
  const per = (seconds: number) => (seconds * 1000) / confirmed;
  const groups = CPU_GROUPS.map((g) =>
    per(
      Object.entries(part.cpuS)
        .filter(([name]) => g.match(name))
        .reduce((sum, [, s]) => sum + s, 0),
    ),
  );
  return { groups, total: per(Object.values(part.cpuS).reduce((a, b) => a + b, 0)), machine: per(part.machineBusyS) };
}

/** The CPU table: where each configuration spends its CPU per confirmed order (the basis of README's paper model). */
export function renderCpuTable(results: ScalingResult[]): string {
  const head = ['config', ...CPU_GROUPS.map((g) => g.label), 'stack', 'machine'];
  const t = new Table({ head, style: { head: [], border: [] }, colAligns: head.map((_, i) => (i ? 'right' : 'left')) });
  for (const r of results) {
    const cpu = cpuPerOrder(r);
    t.push(
      cpu
        ? [configLabel(r.config), ...[...cpu.groups, cpu.total, cpu.machine].map((n) => n.toFixed(1))]
        : [configLabel(r.config), { content: 'no CPU figures', colSpan: head.length - 1 }],
    );
  }
  return `CPU ms per CONFIRMED order at c=10, by process group ('machine': every process of the machine, the bench too)\n${t.toString()}\n`;
}

/** Writes every result (with its bench report) as `scaling-<time>.json` into `dir`; returns the file's path. */
export function writeScalingJson(dir: string, content: Record<string, unknown>, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scaling-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}
