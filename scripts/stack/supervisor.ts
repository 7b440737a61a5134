import { spawn, type ChildProcess } from 'node:child_process';
import { formatLogLine, lineSplitter } from './log-format';
import { waitFor } from './ports';

/** One process the supervisor runs. */
export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves true once the process serves; polled after spawn. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Restart when it dies after having been ready (workers, gateway). */
  restart?: boolean;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  tail: string[];
  restarts: number[];
}

const MAX_RESTARTS_PER_MINUTE = 5;

/** Runs child processes with prefixed logs, reports deaths with their last lines, restarts crashed services, stops in reverse order. */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;
  private readonly width: number;

  constructor(private readonly print: (line: string) => void, names: string[]) {
    this.width = Math.max(...names.map((n) => n.length));
    process.on('exit', () => {
      for (const r of this.running.values()) if (r.child.exitCode === null) killGroup(r.child, 'SIGKILL');
    });
  }

  /** Prints a line under the supervisor's own prefix. */
  say(line: string): void {
    this.print(`${'stack'.padEnd(this.width)} │ ${line}`);
  }

  /** Spawns the process and waits until it is ready; rejects (with its last output) when it dies first or times out. */
  async start(spec: ChildSpec): Promise<void> {
    const started = Date.now();
    const entry = this.spawn(spec, []);
    const polling = new AbortController();
    let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;
    const died = new Promise<never>((_, reject) => {
      onExit = (code, signal) => reject(new Error(`${spec.name} ${describeExit(code, signal)} while starting. Last output:\n  ${entry.tail.slice(-15).join('\n  ')}`));
      entry.child.once('exit', onExit);
    });
    try {
      await Promise.race([waitFor(spec.name, spec.ready, spec.readyTimeoutMs ?? 120_000, 250, polling.signal), died]); // a death is reported at once, not at the timeout
    } finally {
      entry.child.off('exit', onExit);
      polling.abort();
      died.catch(() => undefined);
    }
    this.say(`✔ ${spec.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Stops the named processes (all when omitted) with SIGTERM, then SIGKILL after `graceMs`. */
  async stop(names: string[] = [...this.running.keys()], graceMs = 20_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      names.map(async (name) => {
        const r = this.running.get(name);
        if (!r || r.child.exitCode !== null || r.child.signalCode !== null) return;
        const gone = new Promise((resolve) => r.child.once('exit', resolve));
        killGroup(r.child, 'SIGTERM');
        const timer = setTimeout(() => {
          this.say(`${name} did not stop within ${graceMs / 1000} s: killing it`);
          killGroup(r.child, 'SIGKILL');
        }, graceMs);
        await gone;
        clearTimeout(timer);
        this.running.delete(name);
      }),
    );
  }

  private spawn(spec: ChildSpec, restarts: number[]): Running {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: Ctrl-C reaches the supervisor only, which stops children in order
    });
    const entry: Running = { spec, child, tail: [], restarts };
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
    return entry;
  }

  private onExit(entry: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.running.get(entry.spec.name) !== entry) return;
    this.say(`✖ ${entry.spec.name} ${describeExit(code, signal)}. Last output:\n  ${entry.tail.slice(-10).join('\n  ')}`);
    if (!entry.spec.restart) return;
    const now = Date.now();
    const recent = entry.restarts.filter((t) => now - t < 60_000);
    if (recent.length >= MAX_RESTARTS_PER_MINUTE) {
      this.say(`✖ ${entry.spec.name} crashed ${recent.length} times in a minute: not restarting it again`);
      return;
    }
    setTimeout(() => {
      if (this.stopping) return;
      this.say(`↻ restarting ${entry.spec.name}`);
      const next = this.spawn(entry.spec, [...recent, now]);
      void waitFor(entry.spec.name, entry.spec.ready, entry.spec.readyTimeoutMs ?? 120_000).then(
        () => this.say(`✔ ${entry.spec.name} ready again`),
        () => next.child.exitCode === null && this.say(`✖ ${entry.spec.name} is not ready after its restart`),
      );
    }, 1_000);
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
