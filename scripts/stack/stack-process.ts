import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { loadConfig, PROJECT_ROOT } from '../../lib/config';
import { postgresLayout, removeStackData, stopPostgres } from './postgres';
import { tcpOpen } from './ports';

/** The line `scripts/start.ts` prints once every process of the stack answers. */
export const STACK_READY_LINE = 'Durable Commerce is up.';

/** How to start a stack of its own: its environment (ports, DATA_DIR, …) and where its output goes. */
export interface OwnStackOptions {
  env: NodeJS.ProcessEnv;
  /** File that receives everything the supervisor prints. */
  logFile: string;
  /** Delete the data folder first (a fresh cluster, no users, full stock). */
  fresh?: boolean;
  timeoutMs?: number;
  /** Arguments of `scripts/start.ts`, e.g. `['--cluster']`. */
  args?: string[];
}

/** Starts `scripts/start.ts` (what `npm start` runs) with `env`; resolves once it prints its ready banner, rejects with its last output otherwise. */
export async function startOwnStack({
  env,
  logFile,
  fresh = true,
  timeoutMs = 300_000,
  args = [],
}: OwnStackOptions): Promise<ChildProcess> {
  const config = loadConfig(env);
  if (fresh) {
    if (existsSync(path.join(config.DATA_DIR, 'postgres'))) stopPostgres(postgresLayout(config)); // a crashed earlier run
    removeStackData(config.DATA_DIR);
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT'); // stops what did start
      reject(new Error(`stack not up within ${timeoutMs / 1000} s; see ${logFile}\n${output.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(STACK_READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with code ${code} before it was up; see ${logFile}\n${output.slice(-3000)}`));
    });
  });
  return child;
}

/** Sends SIGINT (Ctrl-C) to the supervisor and waits for it to exit (SIGKILL after `timeoutMs`); returns its exit code. */
export async function stopOwnStack(child: ChildProcess, timeoutMs = 90_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** The ones of `ports` that still accept a connection on 127.0.0.1. */
export async function listeningPorts(ports: number[]): Promise<number[]> {
  const open = await Promise.all(ports.map(tcpOpen));
  return ports.filter((_, i) => open[i]);
}
