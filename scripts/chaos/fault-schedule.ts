import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import type { SeededRandom } from './random';

/** Infrastructure processes the suite kills (one at a time, waiting for the platform to answer again after each). */
export const INFRA_TARGETS = ['postgres', 'redis', 'temporal'] as const;
/** One of the infrastructure processes. */
export type InfraTarget = (typeof INFRA_TARGETS)[number];

/** One thing done to the platform. */
export type FaultAction =
  | { kind: 'kill-worker'; target: ServiceName }
  | { kind: 'pause-worker'; target: ServiceName }
  | { kind: 'resume-worker'; target: ServiceName }
  | { kind: 'kill-infra'; target: InfraTarget }
  | { kind: 'slow-provider'; target: 'payment-provider'; latencyMs: number }
  | { kind: 'fast-provider'; target: 'payment-provider' };

/** A fault at its planned time, in ms from the start of the placement window. */
export interface ScheduledFault {
  atMs: number;
  action: FaultAction;
}

/** What the fault schedule depends on. */
export interface FaultPlanInput {
  windowMs: number;
  /** SIGKILLs of each worker kind. */
  workerKills: number;
  /** How long the paused worker stays stopped. */
  pauseMs: number;
  latencyMs: number;
  latencyWindowMs: number;
  random: SeededRandom;
}

/** Where in the window (as a share of it) things happen. */
const AT = { pause: 0.05, slow: 0.3, infraFrom: 0.5, infraTo: 0.9, killsFrom: 0.1, killsTo: 0.95 } as const;

/**
 * Spreads the faults over the placement window: one worker SIGSTOPped early and SIGCONTinued `pauseMs` later; every
 * worker kind SIGKILLed `workerKills` times, in shuffled rounds (no kind twice in a row), evenly from after the pause to
 * near the end; the provider slow from 30 % of the window for `latencyWindowMs`; PostgreSQL, Redis and Temporal killed
 * in shuffled order between 50 % and 90 %. Sorted by time.
 */
export function planFaults(input: FaultPlanInput): ScheduledFault[] {
  const { windowMs: w, random } = input;
  const faults: ScheduledFault[] = [];
  const at = (share: number) => Math.round(share * w);

  const paused = random.pick(SERVICE_NAMES);
  const pauseAt = at(AT.pause);
  faults.push({ atMs: pauseAt, action: { kind: 'pause-worker', target: paused } });
  faults.push({ atMs: pauseAt + input.pauseMs, action: { kind: 'resume-worker', target: paused } });

  if (input.latencyMs > 0 && input.latencyWindowMs > 0) {
    faults.push({
      atMs: at(AT.slow),
      action: { kind: 'slow-provider', target: 'payment-provider', latencyMs: input.latencyMs },
    });
    faults.push({
      atMs: at(AT.slow) + input.latencyWindowMs,
      action: { kind: 'fast-provider', target: 'payment-provider' },
    });
  }

  const infra = random.shuffle(INFRA_TARGETS);
  infra.forEach((target, i) => {
    const share =
      infra.length === 1 ? AT.infraFrom : AT.infraFrom + ((AT.infraTo - AT.infraFrom) * i) / (infra.length - 1);
    faults.push({ atMs: at(share), action: { kind: 'kill-infra', target } });
  });

  const kills: ServiceName[] = [];
  for (let round = 0; round < input.workerKills; round++) {
    let order = random.shuffle(SERVICE_NAMES);
    if (order[0] === kills[kills.length - 1]) order = [...order.slice(1), order[0]!];
    kills.push(...order);
  }
  const killsFrom = Math.max(at(AT.killsFrom), pauseAt + input.pauseMs + 1_000); // the paused worker is not killed while stopped
  const killsTo = Math.max(killsFrom, at(AT.killsTo));
  kills.forEach((target, i) => {
    const atMs =
      kills.length === 1 ? killsFrom : Math.round(killsFrom + ((killsTo - killsFrom) * i) / (kills.length - 1));
    faults.push({ atMs, action: { kind: 'kill-worker', target } });
  });

  return faults
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.atMs - b.f.atMs || a.i - b.i)
    .map(({ f }) => f);
}

/** A short human name of a fault, e.g. `SIGKILL payments`. */
export function describeFault(action: FaultAction): string {
  switch (action.kind) {
    case 'kill-worker':
    case 'kill-infra':
      return `SIGKILL ${action.target}`;
    case 'pause-worker':
      return `SIGSTOP ${action.target}`;
    case 'resume-worker':
      return `SIGCONT ${action.target}`;
    case 'slow-provider':
      return `provider latency ${action.latencyMs} ms`;
    case 'fast-provider':
      return 'provider latency off';
  }
}
