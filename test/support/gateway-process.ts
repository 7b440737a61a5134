import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/config';
import { testProcessEnv } from './test-env';

/** An extra gateway process (what `npm start` runs as the gateway) beside the test stack, with its output kept. */
export interface GatewayProcess {
  url: string;
  lines: string[];
  stop(): Promise<void>;
}

/** Starts `api/server.ts` on `port` with the test stack's settings plus `env`; resolves once it listens. */
export async function startGateway(port: number, env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'api', 'server.ts')],
    {
      cwd: PROJECT_ROOT,
      // its metrics listener on any free port: the stack's gateway holds GATEWAY_METRICS_PORT
      env: testProcessEnv({ GATEWAY_METRICS_PORT: '0', ...env, GATEWAY_PORT: String(port), LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let rest = '';
  const onData = (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway on ${port} did not start:\n${lines.join('\n')}`)), 60_000);
    const check = setInterval(() => {
      if (lines.some((l) => l.includes('gateway listening'))) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`gateway on ${port} exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    lines,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
