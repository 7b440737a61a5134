import { SERVICE_NAMES } from '../../contracts';
import type { CheckResult } from './audit';
import type { FaultRecord } from './faults';

/** Checks on the faults themselves: all injected, each worker kind killed often enough, the platform back after each infrastructure kill. */
export function faultChecks(records: FaultRecord[], plannedCount: number, workerKills: number): CheckResult[] {
  const skipped = records.filter((r) => r.outcome === 'skipped');
  const notReached = plannedCount - records.length;
  const injectedBad = [
    ...skipped.map((r) => `${r.what} at ${r.atS} s: ${r.note}`),
    ...(notReached > 0 ? [`${notReached} planned faults not reached (run aborted)`] : []),
  ];
  const killedKinds = SERVICE_NAMES.filter(
    (s) =>
      records.filter((r) => r.kind === 'kill-worker' && r.target === s && r.outcome === 'done').length < workerKills,
  );
  const infra = records.filter((r) => r.kind === 'kill-infra' && r.outcome === 'done');
  const notRecovered = infra.filter((r) => r.recoveryS === null);
  const make = (id: string, title: string, checked: number, bad: string[]): CheckResult => ({
    id,
    title,
    ok: bad.length === 0,
    checked,
    violations: bad.length,
    details: bad.slice(0, 5),
  });
  return [
    make('faults-injected', 'every planned fault was injected', plannedCount, injectedBad),
    make(
      'every-worker-killed',
      `every worker kind SIGKILLed ${workerKills}× or more`,
      SERVICE_NAMES.length,
      killedKinds.map((s) => `${s}: killed fewer than ${workerKills} times`),
    ),
    make(
      'platform-recovered',
      'platform answered again after each infrastructure kill',
      infra.length,
      notRecovered.map((r) => `${r.target}: not answering after the recovery timeout`),
    ),
  ];
}
