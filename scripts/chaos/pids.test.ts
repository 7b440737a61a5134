import path from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pidAlive, processesOf, readPids } from './pids';

describe('readPids', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'chaos-pids-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => {
    mkdirSync(path.join(dir, 'run'), { recursive: true });
    writeFileSync(path.join(dir, 'run', 'pids.json'), text);
  };

  it('reads the supervisor pid file of a data folder', () => {
    write(
      JSON.stringify({
        updatedAt: '2026-12-02T00:00:00Z',
        processes: { redis: { pid: 123, startedAt: '2026-12-02T00:00:00Z' } },
      }),
    );
    expect(readPids(dir)).toEqual({
      pids: {
        updatedAt: '2026-12-02T00:00:00Z',
        processes: { redis: { pid: 123, startedAt: '2026-12-02T00:00:00Z' } },
      },
    });
  });

  it('says why there are no pids: no file, not JSON, another shape', () => {
    expect(readPids(dir)).toEqual({ error: expect.stringContaining('is missing') });
    write('{');
    expect(readPids(dir)).toEqual({ error: expect.stringContaining('is not JSON') });
    write(JSON.stringify({ processes: { redis: 123 } }));
    expect(readPids(dir)).toEqual({ error: expect.stringContaining('unexpected shape') });
  });

  it('tells a live pid from a gone one', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(2 ** 22 + 1)).toBe(false);
  });
});

describe('processesOf', () => {
  const at = '2026-12-02T00:00:00Z';
  const pids = (...names: string[]) => ({
    updatedAt: at,
    processes: Object.fromEntries(names.map((name, i) => [name, { pid: 100 + i, startedAt: at }])),
  });

  it('names the process itself when the supervisor runs one of that name', () => {
    expect(processesOf('temporal', pids('temporal', 'redis'))).toEqual(['temporal']);
    expect(processesOf('payments', pids('payments', 'payments-2'))).toEqual(['payments']);
  });

  it('names every role of the cluster-mode server for temporal, never its Web UI', () => {
    const cluster = pids(
      'temporal-history',
      'temporal-matching',
      'temporal-frontend',
      'temporal-worker',
      'temporal-ui',
    );
    expect(processesOf('temporal', cluster)).toEqual([
      'temporal-history',
      'temporal-matching',
      'temporal-frontend',
      'temporal-worker',
    ]);
  });

  it('names nothing for a process the stack does not run', () => {
    expect(processesOf('redis', pids('temporal'))).toEqual([]);
  });
});
