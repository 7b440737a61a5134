import type { WorkerOptions } from '@temporalio/worker';

/** How the orders worker loads workflows (with the OpenTelemetry and request-id interceptors): the same options serve production and every replay, so replays test what runs. */
export const ORDER_WORKFLOW_OPTIONS = {
  workflowsPath: require.resolve('../workflows'),
  interceptors: {
    workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'), require.resolve('../workflows/request-id-interceptor')],
  },
} satisfies Pick<WorkerOptions, 'workflowsPath' | 'interceptors'>;
