import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { pidFilePath } from '../stack/pid-file';
import { TEMPORAL_ROLES } from '../stack/temporal-cluster';

/** Shape of `<DATA_DIR>/run/pids.json` (scripts/stack/pid-file.ts), which the supervisor rewrites whenever one of its processes (re)starts. */
const PidsSchema = z.object({
  updatedAt: z.string(),
  processes: z.record(z.string(), z.object({ pid: z.number().int().positive(), startedAt: z.string() })),
});

/** The supervisor's pid file as read. */
export type Pids = z.infer<typeof PidsSchema>;

/** Reads the pid file of the stack with data folder `dataDir` afresh, checking its shape: the pids, or why there are none to use. */
export function readPids(dataDir: string): { pids: Pids } | { error: string } {
  const file = pidFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { error: `${file} is missing` };
  }
  try {
    const parsed = PidsSchema.safeParse(JSON.parse(text));
    return parsed.success ? { pids: parsed.data } : { error: `${file} has an unexpected shape` };
  } catch {
    return { error: `${file} is not JSON` };
  }
}

/** True when a process with this pid exists (signal 0). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The supervisor's processes that `target` names: itself, or for `temporal` under `npm run start:cluster` (no process of
 * that name) every role of the server (`temporal-history`, …; the Web UI is not the server), killed together.
 */
export function processesOf(target: string, pids: Pids): string[] {
  if (pids.processes[target]) return [target];
  if (target !== 'temporal') return [];
  return TEMPORAL_ROLES.map((role) => `temporal-${role}`).filter((name) => pids.processes[name]);
}
