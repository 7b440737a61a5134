/** A target: the value must be at most (`<=`), below (`<`) or at least (`>=`) the limit. */
export interface Target {
  op: '<=' | '<' | '>=';
  limit: number;
}

/** PASS or MISS against the target; `n/a` when the figure could not be computed (a part skipped, nothing measured). */
export type Verdict = 'PASS' | 'MISS' | 'n/a';

/** One checked figure of the run. */
export interface RatioCheck {
  id: string;
  formula: string;
  value: number | null;
  target: Target;
  /** How the target reads in the table, e.g. `≤ 3`. */
  targetText: string;
  verdict: Verdict;
  note?: string;
}

/** The figures the ratios are made of; any may be missing. */
export interface RatioInputs {
  /** p50 of the empty workflow at concurrency 1, ms. */
  emptyP50?: number | null;
  /** p50 of the one-hop workflow at concurrency 1, ms. */
  oneHopP50?: number | null;
  /** Empty workflows per second at concurrency 10. */
  emptyPerSecondC10?: number | null;
  /** p50 of the checkout placement at concurrency 1, ms. */
  placementP50?: number | null;
  /** p50 of the time to CONFIRMED at concurrency 1, ms. */
  confirmedP50?: number | null;
  /** CONFIRMED orders per second at concurrency 10. */
  confirmedPerSecondC10?: number | null;
  /** Resident memory of the whole stack after the run, bytes, and the orders this run placed. */
  stackRssBytes?: number | null;
  ordersPlaced?: number;
  /** The gateway read path: each route's ratio to bare and its gateway p99 (ms). */
  readPath?: { route: string; ratio: number | null; p99Ms: number }[];
}

/** The verdict of `value` against `target`. */
export function verdict(value: number | null | undefined, target: Target): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const pass =
    target.op === '<=' ? value <= target.limit : target.op === '<' ? value < target.limit : value >= target.limit;
  return pass ? 'PASS' : 'MISS';
}

const known = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

/** `a ÷ b`, rounded to 0.01; null when either is missing or `b` is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return known(a) && known(b) && b > 0 ? Math.round((a / b) * 100) / 100 : null;
}

/** The stack memory target: 1.2 GB (10^9 bytes), as the issue states it for a run of 1000 orders. */
export const MEMORY_TARGET_BYTES = 1.2e9;

const check = (id: string, formula: string, value: number | null, target: Target, note?: string): RatioCheck => ({
  id,
  formula,
  value,
  target,
  targetText: `${{ '<=': '≤', '<': '<', '>=': '≥' }[target.op]} ${target.limit}`,
  verdict: verdict(value, target),
  ...(note ? { note } : {}),
});

/** The targets, computed from one run's figures. */
export function computeRatios(f: RatioInputs): RatioCheck[] {
  const hopCost = known(f.oneHopP50) && known(f.emptyP50) ? f.oneHopP50 - f.emptyP50 : null;
  const checks = [
    check('R0', 'placement p50 ÷ empty p50 (c=1)', ratio(f.placementP50, f.emptyP50), { op: '<=', limit: 3 }),
    check('R1', 'CONFIRMED p50 ÷ empty p50 (c=1)', ratio(f.confirmedP50, f.emptyP50), {
      op: '<=',
      limit: 5,
    }),
    check(
      'hops',
      '(CONFIRMED p50 − empty p50) ÷ (one-hop p50 − empty p50), c=1',
      known(f.confirmedP50) && known(f.emptyP50) ? ratio(f.confirmedP50 - f.emptyP50, hopCost) : null,
      { op: '<=', limit: 3 },
    ),
    check('R2', 'confirmed orders/s ÷ empty workflows/s (c=10)', ratio(f.confirmedPerSecondC10, f.emptyPerSecondC10), {
      op: '>=',
      limit: 0.3,
    }),
    check(
      'memory',
      'VmRSS of the whole stack after the run, GB',
      known(f.stackRssBytes) && f.stackRssBytes > 0 ? Math.round((f.stackRssBytes / 1e9) * 1000) / 1000 : null,
      { op: '<=', limit: MEMORY_TARGET_BYTES / 1e9 },
      `after ${f.ordersPlaced ?? 0} orders; target for 1000`,
    ),
  ];
  for (const r of f.readPath ?? []) {
    const openapi = r.route.endsWith('openapi.json');
    checks.push(
      check(`read ${r.route}`, 'gateway req/s ÷ bare req/s', r.ratio, {
        op: '>=',
        limit: openapi ? 0.3 : 0.15,
      }),
    );
    if (!openapi) checks.push(check(`p99 ${r.route}`, 'gateway p99 ms', r.p99Ms, { op: '<', limit: 20 }));
  }
  return checks;
}
