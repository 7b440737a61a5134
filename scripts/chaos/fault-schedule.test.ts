import { SERVICE_NAMES } from '../../contracts';
import { describeFault, INFRA_TARGETS, planFaults, type FaultPlanInput } from './fault-schedule';
import { SeededRandom } from './random';

const input = (over: Partial<FaultPlanInput> = {}): FaultPlanInput => ({
  windowMs: 120_000,
  workerKills: 2,
  pauseMs: 15_000,
  latencyMs: 3000,
  latencyWindowMs: 20_000,
  random: new SeededRandom(3),
  ...over,
});

describe('planFaults', () => {
  it('kills every worker kind the asked number of times, never the same kind twice in a row', () => {
    for (let seed = 0; seed < 20; seed++) {
      const kills = planFaults(input({ random: new SeededRandom(seed) }))
        .filter((f) => f.action.kind === 'kill-worker')
        .map((f) => f.action.target);
      expect(kills).toHaveLength(12);
      for (const s of SERVICE_NAMES) expect(kills.filter((k) => k === s)).toHaveLength(2);
      kills.slice(1).forEach((k, i) => expect(k).not.toBe(kills[i]));
    }
  });

  it('pauses one worker for the pause length before any kill, and kills each infrastructure process once in the second half', () => {
    const plan = planFaults(input());
    const pause = plan.find((f) => f.action.kind === 'pause-worker')!;
    const resume = plan.find((f) => f.action.kind === 'resume-worker')!;
    expect(resume.action.target).toBe(pause.action.target);
    expect(resume.atMs - pause.atMs).toBe(15_000);
    const firstKill = plan.find((f) => f.action.kind === 'kill-worker')!;
    expect(firstKill.atMs).toBeGreaterThan(resume.atMs);
    const infra = plan.filter((f) => f.action.kind === 'kill-infra');
    expect(infra.map((f) => f.action.target).sort()).toEqual([...INFRA_TARGETS].sort());
    for (const f of infra) expect(f.atMs).toBeGreaterThanOrEqual(60_000);
    for (const f of plan) expect(f.atMs).toBeLessThanOrEqual(120_000);
  });

  it('scales with the window, sorts by time, and turns the slow provider off after its window', () => {
    const short = planFaults(input({ windowMs: 60_000, workerKills: 1 }));
    expect(short.map((f) => f.atMs)).toEqual([...short.map((f) => f.atMs)].sort((a, b) => a - b));
    const slow = short.find((f) => f.action.kind === 'slow-provider')!;
    const fast = short.find((f) => f.action.kind === 'fast-provider')!;
    expect(slow.atMs).toBe(18_000);
    expect(fast.atMs).toBe(38_000);
    expect(short.filter((f) => f.action.kind === 'kill-infra').map((f) => f.atMs)).toEqual([30_000, 42_000, 54_000]);
    expect(planFaults(input({ latencyMs: 0 })).some((f) => f.action.kind === 'slow-provider')).toBe(false);
  });

  it('names each fault', () => {
    expect(describeFault({ kind: 'kill-infra', target: 'postgres' })).toBe('SIGKILL postgres');
    expect(describeFault({ kind: 'pause-worker', target: 'payments' })).toBe('SIGSTOP payments');
    expect(describeFault({ kind: 'slow-provider', target: 'payment-provider', latencyMs: 3000 })).toBe(
      'provider latency 3000 ms',
    );
  });
});
