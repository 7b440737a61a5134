import { describeFault, type FaultAction, type ScheduledFault } from './fault-schedule';
import { pidAlive, processesOf, readPids } from './pids';

/** What happened when a fault was due. */
export interface FaultRecord {
  /** Planned and actual time, in seconds from the start of the run. */
  plannedAtS: number;
  atS: number;
  kind: FaultAction['kind'];
  target: string;
  what: string;
  pid?: number;
  outcome: 'done' | 'skipped';
  note?: string;
  /**
   * Infrastructure kills: seconds from the kill until the gateway's `GET /health` answered 200 and a probe order was
   * accepted (201/202); null when that did not happen within the recovery timeout.
   */
  recoveryS?: number | null;
  /** Kills: seconds until the supervisor's pid file named a new live process for the target; null when it did not within the timeout. */
  respawnS?: number | null;
}

/** What the fault injector needs from the run. */
export interface FaultEnv {
  /** Data folder of the stack (its `run/pids.json` names the processes). */
  dataDir: string;
  providerUrl: string;
  /** `Date.now()` at the start of the run and of the placement window. */
  runStart: number;
  windowStart: number;
  recoveryTimeoutMs: number;
  /** True once the platform serves again (health 200 and a probe order accepted); `measurement` numbers the recovery being measured. */
  platformAnswers: (measurement: number) => Promise<boolean>;
  /** Where progress lines go. */
  say: (line: string) => void;
}

/** Least time between two kills. */
const KILL_GAP_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const secondsSince = (t: number, now = Date.now()) => Number(((now - t) / 1000).toFixed(1));

/** Sets the provider sandbox's added latency (`PUT /sandbox/latency`); returns the HTTP status or the error. */
async function setLatency(providerUrl: string, ms: number): Promise<string> {
  try {
    const res = await fetch(`${providerUrl}/sandbox/latency`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
      signal: AbortSignal.timeout(5_000),
    });
    return String(res.status);
  } catch (err) {
    return (err as Error).message;
  }
}

/** Runs a fault schedule in order (each no earlier than planned, after the previous one finished) and records what it did. */
export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private readonly stopped = new Map<string, number>();
  private readonly background: Promise<void>[] = [];
  private aborted = false;
  private lastKillAt = 0;

  constructor(private readonly env: FaultEnv) {}

  /** Runs every fault of `schedule`; respawn watches that are still going are awaited too. */
  async run(schedule: ScheduledFault[]): Promise<void> {
    for (const fault of schedule) {
      if (this.aborted) break;
      const isKill = fault.action.kind === 'kill-worker' || fault.action.kind === 'kill-infra';
      // kills that fell behind (an infrastructure recovery took its time) still come KILL_GAP_MS apart, not all at once
      await sleep(Math.max(this.env.windowStart + fault.atMs, isKill ? this.lastKillAt + KILL_GAP_MS : 0) - Date.now());
      if (this.aborted) break;
      if (isKill) this.lastKillAt = Date.now();
      await this.inject(fault);
    }
    await Promise.all(this.background);
  }

  /** Stops injecting, and undoes what would outlive the run: SIGCONT to a stopped worker, provider latency off. */
  async abortAndUndo(): Promise<void> {
    this.aborted = true;
    for (const pid of this.stopped.values()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone already
      }
    }
    this.stopped.clear();
    await setLatency(this.env.providerUrl, 0);
  }

  private async inject(fault: ScheduledFault): Promise<void> {
    const { action } = fault;
    const record: FaultRecord = {
      plannedAtS: secondsSince(this.env.runStart, this.env.windowStart + fault.atMs),
      atS: secondsSince(this.env.runStart),
      kind: action.kind,
      target: action.target,
      what: describeFault(action),
      outcome: 'done',
    };
    this.records.push(record);
    const skip = (note: string) => {
      record.outcome = 'skipped';
      record.note = note;
      this.env.say(`  ${record.atS.toFixed(1)} s  ${record.what}: skipped (${note})`);
    };

    if (action.kind === 'slow-provider' || action.kind === 'fast-provider') {
      const status = await setLatency(this.env.providerUrl, action.kind === 'slow-provider' ? action.latencyMs : 0);
      if (status !== '200') return skip(`PUT /sandbox/latency answered ${status}`);
      this.env.say(`  ${record.atS.toFixed(1)} s  ${record.what}`);
      return;
    }
    if (action.kind === 'resume-worker') {
      const pid = this.stopped.get(action.target);
      if (pid === undefined) return skip('it was not stopped');
      record.pid = pid;
      this.stopped.delete(action.target);
      try {
        process.kill(pid, 'SIGCONT');
      } catch (err) {
        return skip((err as Error).message);
      }
      this.env.say(`  ${record.atS.toFixed(1)} s  ${record.what} (pid ${pid})`);
      return;
    }

    const read = readPids(this.env.dataDir); // afresh before each fault: a restart changes the pid
    if ('error' in read) return skip(read.error);
    const names = processesOf(action.target, read.pids);
    if (names.length === 0) return skip(`pids.json names no ${action.target}`);
    const pids = names.map((name) => read.pids.processes[name].pid);
    const dead = pids.find((p) => !pidAlive(p));
    if (dead !== undefined) return skip(`pid ${dead} is not running`);
    const pid = pids[0];
    record.pid = pid;
    const killedAt = Date.now();
    try {
      for (const p of pids) process.kill(p, action.kind === 'pause-worker' ? 'SIGSTOP' : 'SIGKILL');
    } catch (err) {
      return skip((err as Error).message);
    }
    if (action.kind === 'pause-worker') {
      this.stopped.set(action.target, pid);
      this.env.say(`  ${record.atS.toFixed(1)} s  ${record.what} (pid ${pid})`);
      return;
    }
    this.env.say(
      `  ${record.atS.toFixed(1)} s  ${record.what} (pid ${pids.join(', ')}${names.length > 1 ? `: ${names.join(', ')}` : ''})`,
    );
    const respawn = Promise.all(names.map((name, i) => this.watchRespawn(name, pids[i], killedAt))).then((all) => {
      record.respawnS = all.some((s) => s === null) ? null : Math.max(...(all as number[]));
    });
    if (action.kind === 'kill-worker') {
      this.background.push(respawn);
      return;
    }
    record.recoveryS = await this.recovery(killedAt, this.records.length);
    await respawn;
    this.env.say(
      `        ${action.target}: ${record.recoveryS === null ? `platform not answering after ${this.env.recoveryTimeoutMs / 1000} s` : `platform answering again after ${record.recoveryS} s`}` +
        `${record.respawnS === null ? ', no new process in pids.json' : `, new process after ${record.respawnS} s`}`,
    );
  }

  /** Seconds until the supervisor names a new live process for `target`; null past the recovery timeout. */
  private async watchRespawn(target: string, oldPid: number, killedAt: number): Promise<number | null> {
    while (Date.now() - killedAt < this.env.recoveryTimeoutMs && !this.aborted) {
      const read = readPids(this.env.dataDir);
      const pid = 'pids' in read ? read.pids.processes[target]?.pid : undefined;
      if (pid !== undefined && pid !== oldPid && pidAlive(pid)) return secondsSince(killedAt);
      await sleep(250);
    }
    return null;
  }

  /** Seconds from `killedAt` until the platform answers again (see FaultRecord.recoveryS); null past the recovery timeout. */
  private async recovery(killedAt: number, measurement: number): Promise<number | null> {
    await sleep(500); // let the kill land before the first probe
    while (Date.now() - killedAt < this.env.recoveryTimeoutMs && !this.aborted) {
      if (await this.env.platformAnswers(measurement).catch(() => false)) return secondsSince(killedAt);
      await sleep(500);
    }
    return null;
  }
}
