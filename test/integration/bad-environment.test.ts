import path from 'node:path';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/config';
import { testProcessEnv } from '../support/test-env';

/** Runs a TypeScript entry point to its end; returns exit code and all output. */
function run(
  file: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, file)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a bad environment gets a clear message, not a stack trace', () => {
  it('a second `npm start` on ports in use names the port and the setting that moves it', async () => {
    const { code, output } = await run('scripts/start.ts', testProcessEnv());
    expect(code).toBe(1);
    expect(output).toMatch(/Port \d+ is already in use \((GATEWAY_PORT|[A-Z_]+_PORT)\)/);
    expect(output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
});
