import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { OUTSIDE_CLUSTERS_ROOT, removeStackData } from './postgres';

describe('removeStackData', () => {
  it('deletes the data folder and the cluster it links to outside it, so the next start makes a new cluster', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-data-'));
    const home = path.join(OUTSIDE_CLUSTERS_ROOT, `test-${randomBytes(6).toString('hex')}`);
    mkdirSync(path.join(home, 'postgres'), { recursive: true });
    writeFileSync(path.join(home, 'postgres', 'PG_VERSION'), '17\n');
    symlinkSync(path.join(home, 'postgres'), path.join(dataDir, 'postgres'));
    removeStackData(dataDir);
    expect([existsSync(dataDir), existsSync(home)]).toEqual([false, false]);
  });

  it('leaves alone a link that points anywhere else', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-data-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'not-a-cluster-'));
    symlinkSync(elsewhere, path.join(dataDir, 'postgres'));
    removeStackData(dataDir);
    expect([existsSync(dataDir), existsSync(elsewhere)]).toEqual([false, true]);
  });

  it('deletes a plain data folder (the cluster inside it)', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-data-'));
    mkdirSync(path.join(dataDir, 'postgres'));
    removeStackData(dataDir);
    expect(existsSync(dataDir)).toBe(false);
  });
});
