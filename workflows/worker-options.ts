// Loaded by Node (the orders worker, replay, the build), never bundled into the sandbox: workflows/index.ts does not import it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * How the orders worker loads the workflows from their sources (with the OpenTelemetry and request-id interceptors):
 * the same options serve the tests, `npm run replay`, the replay test and the build of the bundle, so a replay tests
 * what runs.
 */
export const ORDER_WORKFLOW_OPTIONS = {
  workflowsPath: require.resolve('./index'),
  interceptors: {
    workflowModules: [
      require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
      require.resolve('./request-id-interceptor'),
    ],
  },
} satisfies Pick<WorkerOptions, 'workflowsPath' | 'interceptors'>;

/** The bundle `npm run build` writes beside the compiled workflows (`dist/workflows/bundle.js`). */
export const WORKFLOW_BUNDLE_FILE = path.join(__dirname, 'bundle.js');

/**
 * The orders worker's workflow code. Compiled (`npm start`, the container image) it is the bundle made once by
 * `npm run build`, so the worker neither runs webpack nor keeps its memory; from the TypeScript sources (tests) it is
 * bundled at start from {@link ORDER_WORKFLOW_OPTIONS}.
 */
export function orderWorkflowCode(): Pick<WorkerOptions, 'workflowsPath' | 'interceptors' | 'workflowBundle'> {
  if (!__filename.endsWith('.js')) return ORDER_WORKFLOW_OPTIONS;
  if (!existsSync(WORKFLOW_BUNDLE_FILE))
    throw new Error(`${WORKFLOW_BUNDLE_FILE} is missing: run \`npm run build\` (npm start runs it)`);
  return { workflowBundle: { codePath: WORKFLOW_BUNDLE_FILE } };
}
