import type { ChildProcess } from 'node:child_process';
import { listeningPorts as openPorts, startOwnStack, stopOwnStack } from '../../scripts/stack/stack-process';
import { testProcessEnv, testStackPorts, TEST_STACK_LOG } from './test-env';

/** `TEST_CLUSTER=1`: the test stack runs `npm run start:cluster`'s engine (npm run test:cluster sets it). */
export const TEST_CLUSTER = process.env.TEST_CLUSTER === '1';

/**
 * Starts `scripts/start.ts` (what `npm start` runs, or with TEST_CLUSTER what `npm run start:cluster` runs) on the test
 * ports with a fresh data folder; resolves once it prints its ready banner.
 */
export const startTestStack = (timeoutMs = TEST_CLUSTER ? 900_000 : 300_000): Promise<ChildProcess> =>
  startOwnStack({
    env: testProcessEnv(),
    logFile: TEST_STACK_LOG,
    fresh: true,
    timeoutMs,
    args: TEST_CLUSTER ? ['--cluster'] : [],
  });

/** Sends SIGINT (Ctrl-C) to the supervisor and waits for it to exit; returns its exit code. */
export const stopTestStack = (child: ChildProcess, timeoutMs = 90_000): Promise<number | null> =>
  stopOwnStack(child, timeoutMs);

/** Ports of the test stack that still accept connections. */
export const listeningPorts = (ports = testStackPorts()): Promise<number[]> => openPorts(ports);
