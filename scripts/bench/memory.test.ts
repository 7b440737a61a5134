import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryOf, parseProcStatus, readPssKb, subtree, type ProcStatus } from './memory';

/** An excerpt of a real /proc/<pid>/status of a Node process (Linux 6.x). */
const NODE_STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
Tgid:\t4242
Ngid:\t0
Pid:\t4242
PPid:\t4100
TracerPid:\t0
VmPeak:\t 1234560 kB
VmSize:\t 1170000 kB
VmHWM:\t  160000 kB
VmRSS:\t  151232 kB
RssAnon:\t  101000 kB
RssFile:\t   48000 kB
RssShmem:\t    2232 kB
VmData:\t  210000 kB
Threads:\t11
`;

/** A kernel thread: no memory lines at all. */
const KTHREAD_STATUS = `Name:\tkworker/0:1-events
State:\tI (idle)
Pid:\t17
PPid:\t2
Threads:\t1
`;

describe('parseProcStatus', () => {
  it('reads the name, the parent, VmRSS and RssShmem in KiB', () => {
    expect(parseProcStatus(NODE_STATUS)).toEqual({ name: 'node', ppid: 4100, vmRssKb: 151232, rssShmemKb: 2232 });
  });

  it('gives 0 for a process without memory lines (a kernel thread, a zombie)', () => {
    expect(parseProcStatus(KTHREAD_STATUS)).toEqual({ name: 'kworker/0:1-events', ppid: 2, vmRssKb: 0, rssShmemKb: 0 });
  });
});

describe('subtree', () => {
  it('is the root and all its descendants, however deep', () => {
    const parentOf = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 10],
      [20, 1],
    ]);
    expect(subtree(10, parentOf).sort()).toEqual([10, 11, 12, 13]);
    expect(subtree(20, parentOf)).toEqual([20]);
  });
});

describe('memoryOf', () => {
  const proc = (ppid: number, vmRssKb: number, rssShmemKb = 0, name = 'x'): ProcStatus => ({
    name,
    ppid,
    vmRssKb,
    rssShmemKb,
  });
  const all = new Map<number, ProcStatus>([
    [100, proc(1, 50_000, 0, 'node')], // the supervisor
    [101, proc(100, 30_000, 10_000, 'postgres')],
    [102, proc(101, 10_000, 8_000, 'postgres')], // a backend
    [103, proc(101, 10_000, 8_000, 'postgres')],
    [110, proc(100, 100_000, 0, 'node')], // gateway
    [120, proc(100, 5_000, 0, 'python3')], // temporal's launcher
    [121, proc(120, 80_000, 0, 'temporal')],
    [999, proc(1, 1_000_000)], // not of the stack
  ]);
  const processes = { postgres: { pid: 101 }, gateway: { pid: 110 }, temporal: { pid: 120 } };

  it('sums each listed process with its children, adds the supervisor, and counts no process twice', () => {
    const m = memoryOf(processes, all, (pid) => (pid === 102 || pid === 103 ? 3_000 : 1_000));
    const rows = Object.fromEntries(m.rows.map((r) => [r.name, r]));
    expect(rows.postgres).toMatchObject({
      pid: 101,
      processes: 3,
      rssBytes: 50_000 * 1024,
      shmemBytes: 26_000 * 1024,
      pssBytes: 7_000 * 1024,
    });
    expect(rows.gateway).toMatchObject({ processes: 1, rssBytes: 100_000 * 1024 });
    expect(rows.temporal).toMatchObject({ processes: 2, rssBytes: 85_000 * 1024 });
    expect(rows.supervisor).toMatchObject({
      pid: 100,
      processes: 1,
      rssBytes: 50_000 * 1024,
      note: 'scripts/start.ts',
    });
    expect(m.totalRssBytes).toBe((50_000 + 100_000 + 85_000 + 50_000) * 1024);
    expect(m.totalPssBytes).toBe((7_000 + 1_000 + 2_000 + 1_000) * 1024);
  });

  it('has no PSS total when a PSS could not be read', () => {
    const m = memoryOf(processes, all);
    expect(m.rows[0]!.pssBytes).toBeNull();
    expect(m.totalPssBytes).toBeNull();
  });

  it('reports a listed process that is gone as not running, with nothing counted', () => {
    const m = memoryOf({ ...processes, redis: { pid: 130 } }, all);
    expect(m.rows.find((r) => r.name === 'redis')).toMatchObject({ processes: 0, rssBytes: 0, note: 'not running' });
  });
});

describe('readPssKb', () => {
  it('reads Pss from smaps_rollup, undefined when there is none', () => {
    const proc = mkdtempSync(path.join(os.tmpdir(), 'proc-'));
    try {
      mkdirSync(path.join(proc, '42'));
      const rollup = '55d0c0000000-7ffd4b7fe000 ---p 00000000 00:00 0  [rollup]\nRss:  151232 kB\nPss:  98765 kB\n';
      writeFileSync(path.join(proc, '42', 'smaps_rollup'), rollup);
      expect(readPssKb(42, proc)).toBe(98765);
      expect(readPssKb(43, proc)).toBeUndefined();
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});
