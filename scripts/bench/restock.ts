import type { Client } from '@temporalio/client';
import {
  restockProductWorkflowId,
  TASK_QUEUES,
  WORKFLOW_TYPES,
  type RestockProductInput,
  type RestockProductResult,
} from '../../contracts';

/** What the restock before the checkout did: the workflow's result, or why there was none. */
export type RestockOutcome =
  | { ok: true; workflowId: string; result: RestockProductResult; ms: number }
  | { ok: false; workflowId: string; input: RestockProductInput; reason: string };

/** The first workflow-task failure in a history: how a start of a type no worker registers shows. */
async function workflowTaskFailure(client: Client, workflowId: string): Promise<string | undefined> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
    return failed?.workflowTaskFailedEventAttributes?.failure?.message ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Restocks `quantity` units of `productId` with the `restockProduct` workflow on the orders task queue (the platform's
 * own operation, not SQL). A workflow that gives no result within `timeoutMs` (its type not registered by the running
 * orders worker, or the worker down) is terminated and reported; it never fails the bench.
 */
export async function restock(client: Client, input: RestockProductInput, timeoutMs = 20_000): Promise<RestockOutcome> {
  const workflowId = restockProductWorkflowId(input.restockId);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const handle = await client.workflow.start<(i: RestockProductInput) => Promise<RestockProductResult>>(
      WORKFLOW_TYPES.restockProduct,
      { taskQueue: TASK_QUEUES.orders, workflowId, args: [input], workflowExecutionTimeout: '5m' },
    );
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([handle.result(), timedOut]);
    if (result !== 'timeout') return { ok: true, workflowId, result, ms: Math.round(performance.now() - started) };
    const failure = await workflowTaskFailure(client, workflowId);
    await handle.terminate('npm run bench: the restock gave no result in time').catch(() => undefined);
    return {
      ok: false,
      workflowId,
      input,
      reason:
        `no result within ${timeoutMs / 1000} s` +
        (failure ? ` (workflow task failed: ${failure.split('\n')[0]})` : ' (is the orders worker running?)') +
        '; terminated it',
    };
  } catch (err) {
    const cause = (err as { cause?: Error }).cause;
    const message = (err as Error).message + (cause?.message ? `: ${cause.message}` : '');
    return { ok: false, workflowId, input, reason: message };
  } finally {
    clearTimeout(timer);
  }
}
