import { readdirSync, readFileSync } from 'node:fs';
import { readPids } from '../chaos/pids';

/** The fields of `/proc/<pid>/status` the bench reads; a kernel thread or a zombie has no memory lines (0). */
export interface ProcStatus {
  name: string;
  ppid: number;
  /** Resident set size, in KiB (`VmRSS`). */
  vmRssKb: number;
  /** Of which shared memory (`RssShmem`, e.g. PostgreSQL's shared buffers, counted in every process mapping it). */
  rssShmemKb: number;
}

const kbField = (text: string, field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

/** Parses the text of `/proc/<pid>/status`. */
export function parseProcStatus(text: string): ProcStatus {
  return {
    name: /^Name:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? '',
    ppid: Number(/^PPid:\s+(\d+)/m.exec(text)?.[1] ?? 0),
    vmRssKb: kbField(text, 'VmRSS'),
    rssShmemKb: kbField(text, 'RssShmem'),
  };
}

/** `root` and every process below it, given each process's parent. */
export function subtree(root: number, parentOf: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (out.includes(pid)) continue;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Parses `/proc/<pid>/<file>` of every process of this machine, by pid (those that end while read are left out). */
export function readEveryProcess<T>(file: string, parse: (text: string) => T, proc = '/proc'): Map<number, T> {
  const all = new Map<number, T>();
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      all.set(Number(entry), parse(readFileSync(`${proc}/${entry}/${file}`, 'utf8')));
    } catch {
      // ended meanwhile
    }
  }
  return all;
}

/** Every process of this machine's `/proc`, by pid, with its status (those that end while it is read are left out). */
export const readAllProcesses = (proc = '/proc'): Map<number, ProcStatus> =>
  readEveryProcess('status', parseProcStatus, proc);

/** The proportional set size of a process in KiB (`Pss` of `/proc/<pid>/smaps_rollup`); undefined when unreadable. */
export function readPssKb(pid: number, proc = '/proc'): number | undefined {
  try {
    const m = /^Pss:\s+(\d+)\s*kB/m.exec(readFileSync(`${proc}/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The resident memory of one process of the stack, with everything it started. */
export interface ProcessMemory {
  name: string;
  pid: number;
  /** Processes counted: it and its descendants. */
  processes: number;
  /** Sum of VmRSS: a page shared by several processes is counted in each. */
  rssBytes: number;
  /** Of which shared memory (RssShmem). */
  shmemBytes: number;
  /** Sum of PSS (shared pages divided among their processes); null when a process's could not be read. */
  pssBytes: number | null;
  note?: string;
}

/** The stack's memory: a row per process of the pid file, one for the supervisor itself, and the total. */
export interface StackMemory {
  pidFile: string;
  rows: ProcessMemory[];
  totalRssBytes: number;
  totalShmemBytes: number;
  totalPssBytes: number | null;
  error?: string;
}

/**
 * Sums VmRSS over each process of a pid file's `processes` and its descendants (PostgreSQL's backends, the Temporal
 * CLI's server), plus a row for their common parent, the supervisor, with any child of it not listed; no process is
 * counted twice.
 */
export function memoryOf(
  processes: Record<string, { pid: number }>,
  all: ReadonlyMap<number, ProcStatus>,
  pssKb: (pid: number) => number | undefined = () => undefined,
): Omit<StackMemory, 'pidFile'> {
  const parentOf = new Map([...all].map(([pid, s]) => [pid, s.ppid]));
  const counted = new Set<number>();
  const row = (name: string, pid: number, note?: string): ProcessMemory => {
    if (!all.has(pid)) return { name, pid, processes: 0, rssBytes: 0, shmemBytes: 0, pssBytes: 0, note: 'not running' };
    const pids = subtree(pid, parentOf).filter((p) => !counted.has(p) && all.has(p));
    for (const p of pids) counted.add(p);
    const sum = (f: (s: ProcStatus) => number) => pids.reduce((acc, p) => acc + f(all.get(p)!) * 1024, 0);
    const pss = pids.map((p) => (all.get(p)!.vmRssKb === 0 ? 0 : pssKb(p)));
    return {
      name,
      pid,
      processes: pids.length,
      rssBytes: sum((s) => s.vmRssKb),
      shmemBytes: sum((s) => s.rssShmemKb),
      pssBytes: pss.every((k) => k !== undefined) ? pss.reduce((a, k) => a + k! * 1024, 0) : null,
      ...(note ? { note } : {}),
    };
  };
  const listed = Object.entries(processes).map(([name, { pid }]) => row(name, pid));
  const parents = new Set(
    Object.values(processes)
      .map(({ pid }) => all.get(pid)?.ppid)
      .filter((p): p is number => p !== undefined),
  );
  const rows = [...listed];
  if (parents.size === 1) {
    const supervisor = [...parents][0]!;
    if (!counted.has(supervisor)) rows.push(row('supervisor', supervisor, 'scripts/start.ts'));
  }
  return {
    rows,
    totalRssBytes: rows.reduce((a, r) => a + r.rssBytes, 0),
    totalShmemBytes: rows.reduce((a, r) => a + r.shmemBytes, 0),
    totalPssBytes: rows.every((r) => r.pssBytes !== null) ? rows.reduce((a, r) => a + r.pssBytes!, 0) : null,
  };
}

/** Reads the supervisor's pid file in `dataDir` and the memory of every process it names. */
export function stackMemory(dataDir: string, pidFile: string): StackMemory {
  const read = readPids(dataDir);
  if ('error' in read)
    return { pidFile, rows: [], totalRssBytes: 0, totalShmemBytes: 0, totalPssBytes: null, error: read.error };
  return { pidFile, ...memoryOf(read.pids.processes, readAllProcesses(), (pid) => readPssKb(pid)) };
}
