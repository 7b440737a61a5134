import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { Supervisor } from './supervisor';
import { PidFile, readPidFile } from './pid-file';
import { restartDelayMs } from './restart-backoff';

const until = async (test: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('Supervisor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'supervisor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefixes every line of a child, including each line of a multi-line log message, and reports a crash while starting', async () => {
    const printed: string[] = [];
    const supervisor = new Supervisor((line) => printed.push(line), ['worker']);
    const script = `console.log(JSON.stringify({ level: 30, time: '2026-01-01T10:00:00.000Z', msg: 'bundle\\nline two' })); console.log('plain'); setTimeout(() => process.exit(3), 200);`;
    await expect(
      supervisor.start({
        name: 'worker',
        command: process.execPath,
        args: ['-e', script],
        ready: async () => false,
        readyTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(/worker exited with code 3 while starting/);
    expect(printed).toEqual(
      expect.arrayContaining(['worker │ 10:00:00 INFO  bundle', 'worker │ line two', 'worker │ plain']),
    );
    await supervisor.stop();
  });

  it('restarts a process that keeps dying, with growing waits, and never gives up on it', async () => {
    const printed: string[] = [];
    const pidFile = new PidFile(path.join(dir, 'run', 'pids.json'));
    const supervisor = new Supervisor((line) => printed.push(line), ['worker'], {
      pidFile,
      backoff: { initialMs: 10, maxMs: 40 },
    });
    await supervisor.start({
      name: 'worker',
      command: process.execPath,
      args: ['-e', 'setTimeout(() => process.exit(1), 30)'],
      restart: true,
      ready: async () => true,
    });
    const firstPid = readPidFile(pidFile.file)?.processes.worker?.pid;
    const restarts = () => printed.filter((l) => l.includes('↻ restarting worker')).length;
    await until(() => restarts() >= 8); // the old rule gave up after 5 in a minute
    await supervisor.stop();
    expect(printed.some((l) => /give up|not restarting/i.test(l))).toBe(false);
    const waits = printed
      .filter((l) => l.includes('↻ restarting worker'))
      .map((l) => Number(/in ([\d.]+) s/.exec(l)?.[1]));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]); // 10, 20, 40 ms print as 0.0 s
    expect(printed.filter((l) => l.includes('restart 8 in a row'))).toHaveLength(1);
    expect(printed.some((l) => /✖ worker exited with code 1 at \d\d:\d\d:\d\d/.test(l))).toBe(true);
    expect(firstPid).toEqual(expect.any(Number));
    expect(readPidFile(pidFile.file)?.processes.worker).toBeUndefined(); // stopped on purpose: forgotten
  });

  it('says when a restarted process is back and how long after it died, and records its new pid', async () => {
    const printed: string[] = [];
    const pidFile = new PidFile(path.join(dir, 'pids.json'));
    const marker = path.join(dir, 'died-once');
    // dies once (leaving a marker), then stays up
    const script = `const fs = require('fs'); if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); setTimeout(() => process.exit(2), 50); } else setInterval(() => undefined, 1000);`;
    const supervisor = new Supervisor((line) => printed.push(line), ['worker'], {
      pidFile,
      backoff: { initialMs: 10 },
    });
    await supervisor.start({
      name: 'worker',
      command: process.execPath,
      args: ['-e', script],
      restart: true,
      ready: async () => true,
    });
    const firstPid = readPidFile(pidFile.file)?.processes.worker?.pid;
    await until(() => printed.some((l) => l.includes('✔ worker is back at')));
    const back = printed.find((l) => l.includes('✔ worker is back at'))!;
    expect(back).toMatch(/is back at \d\d:\d\d:\d\d, \d+\.\d s after it died/);
    const secondPid = readPidFile(pidFile.file)?.processes.worker?.pid;
    expect(secondPid).toEqual(expect.any(Number));
    expect(secondPid).not.toBe(firstPid);
    await supervisor.stop();
  });

  it('stops a child with its own stop signal, sent to the process only', async () => {
    const printed: string[] = [];
    const supervisor = new Supervisor((line) => printed.push(line), ['db']);
    // ignores SIGTERM, leaves on SIGINT, as a PostgreSQL postmaster asked for a fast shutdown
    const script = `process.on('SIGTERM', () => undefined); process.on('SIGINT', () => { console.log('fast shutdown'); process.exit(0); }); console.log('handlers set'); setInterval(() => undefined, 1000);`;
    const ready = async () => printed.includes('db    │ handlers set');
    await supervisor.start({
      name: 'db',
      command: process.execPath,
      args: ['-e', script],
      ready,
      stop: { signal: 'SIGINT', group: false },
    });
    await supervisor.stop(['db'], 5_000);
    expect(printed).toContain('db    │ fast shutdown');
  });
});

describe('restartDelayMs', () => {
  it('doubles from the first wait up to the cap', () => {
    const backoff = { initialMs: 500, maxMs: 15_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelayMs(n, backoff))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
  });
});
