import { summarize, type ChaosResults, type JestResults } from './summarize';

const jestRun: JestResults = {
  startTime: Date.parse('2026-12-02T10:00:00Z'),
  numPassedTests: 800,
  numFailedTests: 0,
  numPendingTests: 2,
  numTodoTests: 1,
  numTotalTestSuites: 88,
  success: true,
};
const chaos: ChaosResults = {
  startedAt: '2026-12-02T10:09:00Z',
  seed: 7,
  checks: [{ ok: true }, { ok: true }],
  ok: true,
};

describe('summarize', () => {
  it('closes on one plain line that sums jest tests and chaos checks', () => {
    const { lines, ok } = summarize(jestRun, chaos);
    expect(ok).toBe(true);
    expect(lines).toEqual([
      'jest (unit + integration, 88 suites): 800 passed, 0 failed, 3 skipped',
      'chaos audit (seed 7): 2 passed, 0 failed',
      'Tests: 802 passed, 0 failed, 3 skipped',
    ]);
    expect(lines.at(-1)).toMatch(/^\w+: \d+ passed, \d+ failed(, \d+ skipped)?$/);
  });

  it('counts failed chaos checks and is not ok', () => {
    const { lines, ok } = summarize(jestRun, { ...chaos, checks: [{ ok: true }, { ok: false }], ok: false });
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Tests: 801 passed, 1 failed, 3 skipped');
    expect(lines).toContain('✖ the chaos run did not pass');
  });

  it('refuses a chaos summary older than the jest run, or none', () => {
    expect(summarize(jestRun, { ...chaos, startedAt: '2026-12-02T09:59:00Z' }).ok).toBe(false);
    const none = summarize(jestRun, undefined);
    expect(none.ok).toBe(false);
    expect(none.lines).toContain('✖ no chaos summary found');
  });

  it("adds the cluster profile's order scenarios when they ran after jest", () => {
    const cluster = {
      ...jestRun,
      startTime: Date.parse('2026-12-02T10:12:00Z'),
      numPassedTests: 16,
      numPendingTests: 0,
      numTodoTests: 0,
    };
    const { lines, ok } = summarize(jestRun, chaos, cluster);
    expect(ok).toBe(true);
    expect(lines).toEqual([
      'jest (unit + integration, 88 suites): 800 passed, 0 failed, 3 skipped',
      'cluster profile (order scenarios, Temporal server on PostgreSQL): 16 passed, 0 failed',
      'chaos audit (seed 7): 2 passed, 0 failed',
      'Tests: 818 passed, 0 failed, 3 skipped',
    ]);
    const failed = summarize(jestRun, chaos, { ...cluster, numPassedTests: 15, numFailedTests: 1, success: false });
    expect(failed.ok).toBe(false);
    expect(failed.lines.at(-1)).toBe('Tests: 817 passed, 1 failed, 3 skipped');
    expect(summarize(jestRun, chaos, { ...cluster, startTime: jestRun.startTime - 1 }).ok).toBe(false);
  });

  it('is not ok when jest failed', () => {
    expect(summarize({ ...jestRun, numFailedTests: 1, success: false }, chaos).ok).toBe(false);
  });
});
