import type { CheckResult } from '../chaos/audit';
import type { ChaosSummary } from '../chaos/report';

/** Jest's `--json` result file, the part the summary reads. */
export interface JestResults {
  startTime: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  success: boolean;
}

/** The chaos suite's summary file (`ChaosSummary`), the part the summary reads. */
export type ChaosResults = Pick<ChaosSummary, 'startedAt' | 'seed' | 'ok'> & { checks: Pick<CheckResult, 'ok'>[] };

/**
 * The lines `npm test` closes on, or why the results can't be summed up (stale or failed runs): jest's run, the chaos
 * audit, and the cluster profile's jest run (the order scenarios on `npm run start:cluster`'s engine) when given.
 */
export function summarize(
  jest: JestResults,
  chaos: ChaosResults | undefined,
  cluster?: JestResults,
): { lines: string[]; ok: boolean } {
  const problems: string[] = [];
  const skipped = jest.numPendingTests + jest.numTodoTests;
  const lines = [
    `jest (unit + integration, ${jest.numTotalTestSuites} suites): ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${skipped} skipped`,
  ];
  if (!jest.success) problems.push('jest did not succeed');
  let clusterPassed = 0;
  let clusterFailed = 0;
  if (cluster && cluster.startTime < jest.startTime)
    problems.push('the cluster profile result is older than this jest run');
  else if (cluster) {
    clusterPassed = cluster.numPassedTests;
    clusterFailed = cluster.numFailedTests;
    lines.push(
      `cluster profile (order scenarios, Temporal server on PostgreSQL): ${clusterPassed} passed, ${clusterFailed} failed`,
    );
    if (!cluster.success) problems.push('the cluster profile did not succeed');
  }
  let chaosPassed = 0;
  let chaosFailed = 0;
  if (!chaos) problems.push('no chaos summary found');
  else if (Date.parse(chaos.startedAt) < jest.startTime)
    problems.push(`the newest chaos summary (${chaos.startedAt}) is older than this jest run`);
  else {
    chaosPassed = chaos.checks.filter((c) => c.ok).length;
    chaosFailed = chaos.checks.length - chaosPassed;
    lines.push(`chaos audit (seed ${chaos.seed}): ${chaosPassed} passed, ${chaosFailed} failed`);
    if (!chaos.ok) problems.push('the chaos run did not pass');
  }
  lines.push(...problems.map((p) => `✖ ${p}`));
  // the closing line, in the plain form CI reads: "Word: N passed, N failed, N skipped"
  lines.push(
    `Tests: ${jest.numPassedTests + chaosPassed + clusterPassed} passed, ${jest.numFailedTests + chaosFailed + clusterFailed} failed, ${skipped} skipped`,
  );
  return { lines, ok: problems.length === 0 };
}
