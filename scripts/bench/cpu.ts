import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readEveryProcess, subtree } from './memory';

/** The fields of `/proc/<pid>/stat` the bench reads: the parent, and the CPU time used (user + system), in ticks. */
export interface ProcTicks {
  ppid: number;
  ticks: number;
}

/** Parses `/proc/<pid>/stat` (the command name may hold spaces and parentheses: fields are counted after the last `)`). */
export function parseStatTicks(text: string): ProcTicks {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // after the name: state(3) ppid(4) … utime(14) stime(15), so utime is fields[11] and stime fields[12]
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Clock ticks per second of this machine (`getconf CLK_TCK`, 100 on Linux in practice). */
function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

let clockTicks: number | undefined;

/**
 * CPU seconds used so far by each named process with its descendants (`processes` as in the supervisor's pid file),
 * plus `bench`, this process. A process restarted in between starts again from 0; one that ended is not counted.
 */
export function cpuSnapshot(processes: Record<string, { pid: number }>, proc = '/proc'): Record<string, number> {
  clockTicks ??= ticksPerSecond();
  const all: Map<number, ProcTicks> = readEveryProcess('stat', parseStatTicks, proc);
  const parentOf = new Map([...all].map(([pid, t]) => [pid, t.ppid]));
  const out: Record<string, number> = {};
  for (const [name, { pid }] of Object.entries(processes)) {
    if (!all.has(pid)) continue;
    const ticks = subtree(pid, parentOf).reduce((sum, p) => sum + (all.get(p)?.ticks ?? 0), 0);
    out[name] = ticks / clockTicks;
  }
  const own = process.cpuUsage();
  out.bench = (own.user + own.system) / 1e6;
  return out;
}

/** Parses the first line of `/proc/stat`: the CPU time the whole machine spent busy (not idle, not waiting), in ticks. */
export function parseMachineBusyTicks(text: string): number {
  const [user, nice, system, , , irq, softirq, steal] = (/^cpu\s+(.*)$/m.exec(text)?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number);
  return [user, nice, system, irq, softirq, steal].reduce<number>((a, n) => a + (n ?? 0), 0);
}

/** CPU seconds the whole machine has spent busy since boot, every process of every user included. */
export function machineBusySeconds(proc = '/proc'): number {
  clockTicks ??= ticksPerSecond();
  try {
    return parseMachineBusyTicks(readFileSync(`${proc}/stat`, 'utf8')) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds each process used between two snapshots (rounded to 0.1 s); a process missing from either is left out. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .filter(([name]) => before[name] !== undefined)
      .map(([name, s]) => [name, Math.round(Math.max(0, s - before[name]!) * 10) / 10]),
  );
}
