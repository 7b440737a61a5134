// The engine floor's two workflows, bundled into the bench's own worker (never into the product's orders worker).
import { proxyActivities } from '@temporalio/workflow';

/** The one activity of the one-hop workflow: does nothing, on another task queue than the workflow's. */
export interface FloorActivities {
  benchNoop(): Promise<void>;
}

/** Returns at once: a start, one workflow task and a completion, the least a workflow costs. */
export async function benchEmpty(): Promise<void> {}

/** Calls `benchNoop` once on `activityQueue`: the cost of one remote hop on top of the empty workflow. */
export async function benchOneHop(activityQueue: string): Promise<void> {
  const { benchNoop } = proxyActivities<FloorActivities>({
    taskQueue: activityQueue,
    startToCloseTimeout: '10s',
    retry: { maximumAttempts: 1 },
  });
  await benchNoop();
}
