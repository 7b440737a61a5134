import path from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pidAlive, readPids } from './pids';

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
