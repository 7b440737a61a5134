import { spawn, type ChildProcess } from 'node:child_process';
import { formatLogLine, lineSplitter } from './log-format';
import { waitFor } from './ports';
import { restartDelayMs, RESTART_BACKOFF } from './restart-backoff';
import type { PidFile } from './pid-file';

/** One process the supervisor runs. */
export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this OS user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** Resolves true once the process serves; polled after spawn. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Restart it whenever it dies, with backoff and without giving up (every process of the stack). */
  restart?: boolean;
  /**
   * How to ask it to stop: the signal, and whether it goes to the whole process group (default SIGTERM to the group).
   * PostgreSQL takes SIGINT (fast shutdown) to its postmaster only; its SIGTERM waits for every client to leave.
   */
  stop?: { signal: NodeJS.Signals; group: boolean };
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  tail: string[];
  /** Deaths since it last stayed up for RESTART_BACKOFF.stableMs. */
  failures: number;
  readyAt?: number;
  /** When it died, while it is being brought back. */
  diedAt?: number;
}

/** Knobs of the supervisor; tests shorten the backoff. */
export interface SupervisorOptions {
  /** Where the pids of the running children are kept for tools (the chaos suite). */
  pidFile?: PidFile;
  /** Backoff of restarts (defaults: RESTART_BACKOFF). */
  backoff?: Partial<typeof RESTART_BACKOFF>;
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/**
 * Runs child processes with prefixed logs, reports deaths with their last lines, restarts every process that dies (with
 * capped exponential backoff, never giving up: a dependency that is down is no reason to abandon a service), and stops
 * them in the order it is told.
 */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;
  private readonly width: number;
  private readonly backoff: typeof RESTART_BACKOFF;

  constructor(
    private readonly print: (line: string) => void,
    names: string[],
    private readonly options: SupervisorOptions = {},
  ) {
    this.width = Math.max(...names.map((n) => n.length), 'stack'.length);
    this.backoff = { ...RESTART_BACKOFF, ...options.backoff };
    process.on('exit', () => {
      for (const r of this.running.values()) if (r.child.exitCode === null) killGroup(r.child, 'SIGKILL');
      options.pidFile?.clear();
    });
  }

  /** Prints a line under the supervisor's own prefix. */
  say(line: string): void {
    this.print(`${'stack'.padEnd(this.width)} │ ${line}`);
  }

  /** Spawns the process and waits until it is ready; rejects (with its last output) when it dies first or times out. */
  async start(spec: ChildSpec): Promise<void> {
    const started = Date.now();
    const entry = this.spawn(spec, 0);
    const polling = new AbortController();
    let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;
    const died = new Promise<never>((_, reject) => {
      onExit = (code, signal) =>
        reject(
          new Error(
            `${spec.name} ${describeExit(code, signal)} while starting. Last output:\n  ${entry.tail.slice(-15).join('\n  ')}`,
          ),
        );
      entry.child.once('exit', onExit);
    });
    try {
      await Promise.race([waitFor(spec.name, spec.ready, spec.readyTimeoutMs ?? 120_000, 250, polling.signal), died]); // a death is reported at once, not at the timeout
    } finally {
      entry.child.off('exit', onExit);
      polling.abort();
      died.catch(() => undefined);
    }
    entry.readyAt = Date.now();
    this.say(`✔ ${spec.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Stops the named processes (all when omitted) with their stop signal, then SIGKILL after `graceMs`; none is restarted afterwards. */
  async stop(names: string[] = [...this.running.keys()], graceMs = 20_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      names.map(async (name) => {
        const r = this.running.get(name);
        if (!r) return;
        this.running.delete(name);
        this.options.pidFile?.remove(name);
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        const gone = new Promise((resolve) => r.child.once('exit', resolve));
        const { signal, group } = r.spec.stop ?? { signal: 'SIGTERM', group: true };
        if (group) killGroup(r.child, signal);
        else r.child.kill(signal);
        const timer = setTimeout(() => {
          this.say(`${name} did not stop within ${graceMs / 1000} s: killing it`);
          killGroup(r.child, 'SIGKILL');
        }, graceMs);
        await gone;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(spec: ChildSpec, failures: number): Running {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: Ctrl-C reaches the supervisor only, which stops children in order
      ...spec.user,
    });
    const entry: Running = { spec, child, tail: [], failures };
    const prefix = `${spec.name.padEnd(this.width)} │ `;
    const onLine = (line: string) => {
      entry.tail.push(line);
      if (entry.tail.length > 40) entry.tail.shift();
      for (const part of formatLogLine(line).split('\n')) this.print(prefix + part); // a multi-line message (the workflow bundler's report) keeps its prefix
    };
    child.stdout?.on('data', lineSplitter(onLine));
    child.stderr?.on('data', lineSplitter(onLine));
    child.on('error', (err) => this.say(`✖ ${spec.name} could not be started: ${err.message}`));
    child.on('exit', (code, signal) => this.onExit(entry, code, signal));
    this.running.set(spec.name, entry);
    if (child.pid) this.options.pidFile?.set(spec.name, child.pid);
    return entry;
  }

  private onExit(entry: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.running.get(entry.spec.name) !== entry) return;
    const now = Date.now();
    const diedAt = entry.diedAt ?? now; // a restart that died again is still the same outage
    this.say(
      `✖ ${entry.spec.name} ${describeExit(code, signal)} at ${clock(now)}. Last output:\n  ${entry.tail.slice(-10).join('\n  ')}`,
    );
    if (!entry.spec.restart) return;
    const stable = entry.readyAt !== undefined && now - entry.readyAt >= this.backoff.stableMs;
    const failures = stable ? 1 : entry.failures + 1;
    const delay = restartDelayMs(failures, this.backoff);
    this.say(
      `↻ restarting ${entry.spec.name} in ${(delay / 1000).toFixed(1)} s${failures > 1 ? ` (restart ${failures} in a row)` : ''}`,
    );
    setTimeout(() => {
      if (this.stopping || this.running.get(entry.spec.name) !== entry) return;
      const next = this.spawn(entry.spec, failures);
      next.diedAt = diedAt;
      this.untilReady(next);
    }, delay);
  }

  /** Polls a restarted child until it is ready (or dies: then onExit takes over), then says it is back and since when. */
  private untilReady(entry: Running): void {
    const gone = () =>
      this.stopping ||
      this.running.get(entry.spec.name) !== entry ||
      entry.child.exitCode !== null ||
      entry.child.signalCode !== null;
    const poll = async () => {
      while (!gone()) {
        if (await entry.spec.ready().catch(() => false)) {
          if (gone()) return;
          entry.readyAt = Date.now();
          const down =
            entry.diedAt === undefined ? '' : `, ${((entry.readyAt - entry.diedAt) / 1000).toFixed(1)} s after it died`;
          entry.diedAt = undefined;
          this.say(`✔ ${entry.spec.name} is back at ${clock(entry.readyAt)}${down}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    void poll();
  }
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `was killed by ${signal}` : `exited with code ${code}`;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
