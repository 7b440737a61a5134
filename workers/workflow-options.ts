import type { WorkerOptions } from '@temporalio/worker';

/** How the orders worker loads workflows: the same options serve production and every replay, so replays test what runs. */
export const ORDER_WORKFLOW_OPTIONS = {
  workflowsPath: require.resolve('../workflows'),
  interceptors: { workflowModules: [] as string[] },
} satisfies Pick<WorkerOptions, 'workflowsPath' | 'interceptors'>;
