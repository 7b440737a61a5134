import { faultChecks } from './fault-checks';
import type { FaultRecord } from './faults';

const rec = (over: Partial<FaultRecord>): FaultRecord => ({
  plannedAtS: 1,
  atS: 1,
  kind: 'kill-worker',
  target: 'orders',
  what: 'SIGKILL orders',
  outcome: 'done',
  ...over,
});
const workers = ['orders', 'inventory', 'payments', 'users', 'products', 'notifications'].map((target) =>
  rec({ target, what: `SIGKILL ${target}` }),
);

describe('faultChecks', () => {
  it('passes when every planned fault was injected and the platform came back after each infrastructure kill', () => {
    const records = [...workers, rec({ kind: 'kill-infra', target: 'postgres', recoveryS: 12.5 })];
    expect(faultChecks(records, 7, 1).every((c) => c.ok)).toBe(true);
  });

  it('fails on skipped or unreached faults, too few kills of a kind, and an infrastructure kill the platform did not recover from', () => {
    const records = [
      ...workers.slice(1),
      rec({ target: 'orders', outcome: 'skipped', note: 'pids.json is missing' }),
      rec({ kind: 'kill-infra', target: 'redis', recoveryS: null }),
    ];
    const [injected, killed, recovered] = faultChecks(records, 8, 1);
    expect(injected!.details).toEqual([
      'SIGKILL orders at 1 s: pids.json is missing',
      '1 planned faults not reached (run aborted)',
    ]);
    expect(killed!.details).toEqual(['orders: killed fewer than 1 times']);
    expect(recovered!.details).toEqual(['redis: not answering after the recovery timeout']);
  });
});
