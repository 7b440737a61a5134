import path from 'node:path';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** What `<DATA_DIR>/run/pids.json` holds: the pid of every process the supervisor runs now, by name. */
export interface PidFileContent {
  updatedAt: string;
  processes: Record<string, { pid: number; startedAt: string }>;
}

/** Where the supervisor of the stack whose data folder is `dataDir` keeps its pids. */
export const pidFilePath = (dataDir: string): string => path.join(dataDir, 'run', 'pids.json');

/** Reads a pid file; undefined when there is none (no stack running). */
export function readPidFile(file: string): PidFileContent | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidFileContent;
  } catch {
    return undefined;
  }
}

/** The pid file of a running supervisor: rewritten (atomically) whenever a child starts or stops, removed on exit. */
export class PidFile {
  private readonly processes: PidFileContent['processes'] = {};

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  /** Records that `name` runs as `pid` now. */
  set(name: string, pid: number): void {
    this.processes[name] = { pid, startedAt: new Date().toISOString() };
    this.write();
  }

  /** Forgets `name` (stopped on purpose). */
  remove(name: string): void {
    delete this.processes[name];
    this.write();
  }

  /** Removes the file (the supervisor is exiting). */
  clear(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    const content: PidFileContent = { updatedAt: new Date().toISOString(), processes: this.processes };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
