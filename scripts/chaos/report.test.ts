import { renderReport, type ChaosSummary } from './report';

const summary = (over: Partial<ChaosSummary> = {}): ChaosSummary => ({
  startedAt: '2026-12-02T00:00:00.000Z',
  seed: 42,
  settings: {},
  gateway: 'http://127.0.0.1:23000',
  dataDir: '.data/chaos-stack',
  durationS: 95.4,
  orders: { planned: 40, accepted: 40, probes: 3, outcomes: { CONFIRMED: 30, 'FAILED/PAYMENT_DECLINED': 10 } },
  faults: [
    {
      plannedAtS: 30,
      atS: 30.2,
      kind: 'kill-infra',
      target: 'postgres',
      what: 'SIGKILL postgres',
      pid: 4242,
      outcome: 'done',
      recoveryS: 12.34,
      respawnS: 0.8,
    },
    {
      plannedAtS: 40,
      atS: 40,
      kind: 'kill-infra',
      target: 'redis',
      what: 'SIGKILL redis',
      outcome: 'skipped',
      note: 'pids.json is missing',
      recoveryS: null,
    },
  ],
  answers: [
    { route: 'POST /api/orders', status: '201', count: 38 },
    { route: 'POST /api/orders', status: '503', count: 7 },
  ],
  checks: [
    { id: 'no-stuck-orders', title: 'no order stuck', ok: true, checked: 40, violations: 0, details: [] },
    {
      id: 'money-balances',
      title: 'money balances',
      ok: false,
      checked: 40,
      violations: 1,
      details: ['o1 CONFIRMED: charged 0 − refunded 0 = 0, expected 2400'],
    },
  ],
  placements: [],
  errors: [],
  ok: false,
  ...over,
});

describe('renderReport', () => {
  it('prints the four tables and the verdict, without colour codes', () => {
    const text = renderReport(summary());
    expect(text).not.toContain('\u001b[');
    for (const title of ['Orders by outcome', 'Faults injected', 'Answers by route and status', 'Audit'])
      expect(text).toContain(title);
    expect(text).toMatch(/│ CONFIRMED\s+│\s+30 │/);
    expect(text).toMatch(/│ +30\.2 │ SIGKILL postgres │ 4242 │ done +│ +12\.3 │ +0\.8 │/);
    expect(text).toContain('skipped: pids.json is missing');
    expect(text).toContain('not back');
    expect(text).toMatch(/│ POST \/api\/orders │ 503 +│ +7 │/);
    expect(text).toMatch(/│ money balances │ FAIL +│ +40 │ +1 │ o1 CONFIRMED/);
    expect(text.trim().split('\n').pop()).toBe('FAIL: 1 of 2 checks failed (seed 42, 95 s)');
  });

  it('says PASS when every check passed, and names errors when the run could not finish', () => {
    expect(renderReport(summary({ ok: true, checks: [summary().checks[0]!] }))).toContain('PASS: 1 checks passed');
    expect(renderReport(summary({ errors: ['audit could not read the databases: ECONNREFUSED'] }))).toContain(
      '; audit could not read the databases: ECONNREFUSED',
    );
  });
});
