import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { PROJECT_ROOT } from '../../lib/config';
import { postgresLayout, stopPostgres } from '../../scripts/stack/postgres';
import { testConfig, testProcessEnv, testStackPorts, TEST_STACK_LOG } from './test-env';

const READY_LINE = 'Durable Commerce is up.';
const LOG = TEST_STACK_LOG;

/** Starts `scripts/start.ts` (what `npm start` runs) on the test ports with a fresh data folder; resolves once it prints its ready banner. */
export async function startTestStack(timeoutMs = 300_000): Promise<ChildProcess> {
  const config = testConfig();
  if (existsSync(path.join(config.DATA_DIR, 'postgres'))) stopPostgres(postgresLayout(config)); // a crashed earlier run
  rmSync(config.DATA_DIR, { recursive: true, force: true });
  mkdirSync(config.DATA_DIR, { recursive: true });
  const log = createWriteStream(LOG);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'start.ts')], {
    cwd: PROJECT_ROOT, env: testProcessEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test stack not up within ${timeoutMs / 1000} s; see ${LOG}\n${output.slice(-3000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test stack exited with code ${code} before it was up; see ${LOG}\n${output.slice(-3000)}`));
    });
  });
  return child;
}

/** Sends SIGINT (Ctrl-C) to the supervisor and waits for it to exit; returns its exit code. */
export async function stopTestStack(child: ChildProcess, timeoutMs = 90_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Ports of the test stack that still accept connections. */
export async function listeningPorts(ports = testStackPorts()): Promise<number[]> {
  const open = await Promise.all(ports.map((port) => new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  })));
  return ports.filter((_, i) => open[i]);
}
