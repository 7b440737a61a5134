// Jest global teardown: Ctrl-C the stack like a user would, then fail the run if any of its ports still listens.
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { closeServer } from './local-server';
import { listeningPorts, stopTestStack } from './stack-process';

export default async function globalTeardown(): Promise<void> {
  const { __STACK__: child, __COLLECTOR__: collector } = globalThis as {
    __STACK__?: ChildProcess;
    __COLLECTOR__?: Server;
  };
  if (!child) return;
  const code = await stopTestStack(child);
  if (collector) await closeServer(collector);
  const left = await listeningPorts();
  if (code !== 0 || left.length > 0) {
    throw new Error(
      `the stack did not shut down cleanly on SIGINT: exit code ${code}, ports still listening: ${left.join(', ') || 'none'}`,
    );
  }
}
