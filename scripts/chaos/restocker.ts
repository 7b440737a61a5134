import {
  TASK_QUEUES,
  WORKFLOW_TYPES,
  restockProductWorkflowId,
  type RestockProductInput,
  type RestockProductResult,
} from '../../contracts';
import { connectClient } from '../../lib/temporal';
import type { RestockNeed } from './order-plan';

/** How long one restock workflow may run before the suite gives up (the stack is healthy before the fault window). */
const RESTOCK_TIMEOUT = '2 minutes';

/** Restock id of one product's restock in one chaos run: a repeated call of the same run adds nothing more. */
export const chaosRestockId = (runId: string, productId: string): string => `chaos-${runId}-${productId}`;

/**
 * Restocks like an operator does: one `restockProduct` workflow per product on the orders task queue, awaited; the
 * results name the availability each left.
 */
export async function restockProducts(
  address: string,
  namespace: string,
  runId: string,
  needs: RestockNeed[],
): Promise<RestockProductResult[]> {
  if (needs.length === 0) return [];
  const client = await connectClient(address, namespace);
  try {
    return await Promise.all(
      needs.map(({ productId, quantity }) => {
        const input: RestockProductInput = { restockId: chaosRestockId(runId, productId), productId, quantity };
        return client.workflow.execute<(i: RestockProductInput) => Promise<RestockProductResult>>(
          WORKFLOW_TYPES.restockProduct,
          {
            taskQueue: TASK_QUEUES.orders,
            workflowId: restockProductWorkflowId(input.restockId),
            workflowExecutionTimeout: RESTOCK_TIMEOUT,
            args: [input],
          },
        );
      }),
    );
  } finally {
    await client.connection.close();
  }
}
