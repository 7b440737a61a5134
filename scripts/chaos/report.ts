import path from 'node:path';
import Table from 'cli-table3';
import { PROJECT_ROOT } from '../../lib/config';
import type { CheckResult } from './audit';
import type { FaultRecord } from './faults';

/** Everything one chaos run found, as printed and as written to `.data/chaos/*.json`. */
export interface ChaosSummary {
  startedAt: string;
  seed: number;
  settings: Record<string, unknown>;
  gateway: string;
  dataDir: string;
  durationS: number;
  orders: { planned: number; accepted: number; probes: number; outcomes: Record<string, number> };
  faults: FaultRecord[];
  answers: { route: string; status: string; count: number }[];
  checks: CheckResult[];
  /** Every planned order: its key, order id, answers, cancellation and last listed status (JSON only). */
  placements: Record<string, unknown>[];
  /** Why the run could not finish its work (audit unreachable, …), if it could not. */
  errors: string[];
  ok: boolean;
}

/** Where every chaos run writes its summary, one `chaos-<start time>.json` each (read back by `scripts/test-summary.ts`). */
export const CHAOS_RESULTS_DIR = path.join(PROJECT_ROOT, '.data', 'chaos');

/** The summary file of the run that started at `startedAt` (ISO): names sort by start time. */
export const chaosSummaryFile = (startedAt: string) =>
  path.join(CHAOS_RESULTS_DIR, `chaos-${startedAt.replace(/[:.]/g, '-')}.json`);

const plain = { head: [], border: [] }; // no colours: the output goes to logs and the README as is

const table = (head: string[], rows: (string | number)[][], colAligns?: ('left' | 'right')[]) => {
  const t = new Table({ head, style: plain, ...(colAligns ? { colAligns } : {}) });
  t.push(...rows);
  return t.toString();
};

const seconds = (s: number | null | undefined) => (s === undefined ? '' : s === null ? 'not back' : s.toFixed(1));
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The four tables of a run (orders by outcome, faults, POST answers, audit) and its verdict, as text. */
export function renderReport(summary: ChaosSummary): string {
  const outcomes = table(
    ['outcome', 'orders'],
    [
      ...Object.entries(summary.orders.outcomes).map(([k, n]) => [k, n]),
      [
        '(planned / accepted / probe orders)',
        `${summary.orders.planned} / ${summary.orders.accepted} / ${summary.orders.probes}`,
      ],
    ],
    ['left', 'right'],
  );
  const faults = table(
    ['t (s)', 'fault', 'pid', 'result', 'recovery (s)', 'new process (s)'],
    summary.faults.map((f) => [
      f.atS.toFixed(1),
      f.what,
      f.pid ?? '',
      f.outcome === 'done' ? 'done' : clip(`skipped: ${f.note ?? ''}`, 50),
      seconds(f.recoveryS),
      seconds(f.respawnS),
    ]),
    ['right', 'left', 'right', 'left', 'right', 'right'],
  );
  const answers = table(
    ['route', 'status', 'answers'],
    summary.answers.map((a) => [a.route, a.status, a.count]),
    ['left', 'left', 'right'],
  );
  const checks = table(
    ['check', 'result', 'checked', 'violations', 'first findings'],
    summary.checks.map((c) => [
      c.title,
      c.ok ? 'pass' : 'FAIL',
      c.checked,
      c.violations,
      clip(c.details.join('; '), 70),
    ]),
    ['left', 'left', 'right', 'right', 'left'],
  );
  const failed = summary.checks.filter((c) => !c.ok).length;
  const verdict = summary.ok
    ? `PASS: ${summary.checks.length} checks passed`
    : `FAIL: ${failed} of ${summary.checks.length} checks failed${summary.errors.length ? `; ${summary.errors.join('; ')}` : ''}`;
  return [
    'Orders by outcome',
    outcomes,
    'Faults injected (recovery: from the kill until GET /health is 200 and a probe order is accepted)',
    faults,
    'Answers by route and status',
    answers,
    'Audit',
    checks,
    `${verdict} (seed ${summary.seed}, ${summary.durationS.toFixed(0)} s)`,
  ].join('\n');
}
