// Loaded by Node (the orders worker, replay), never bundled into the sandbox: workflows/index.ts does not import it.
import type { WorkerOptions } from '@temporalio/worker';

/**
 * How the orders worker loads the workflows (with the OpenTelemetry and request-id interceptors): the same options
 * serve production, `npm run replay` and the replay test, so a replay tests what runs.
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
