import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  ErrorTypes,
  TASK_QUEUES,
  WORKFLOW_TYPES,
  restockProductWorkflowId,
  type RestockProductInput,
  type RestockProductResult,
} from '../contracts';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { ORDER_WORKFLOW_OPTIONS } from './worker-options';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(() => env?.teardown());

let seq = 0;
const input = (): RestockProductInput => ({
  restockId: `rs-${Date.now()}-${(seq += 1)}`,
  productId: 'sku-ceramic-mug',
  quantity: 50,
});
const result = (i: RestockProductInput): RestockProductResult => ({
  restockId: i.restockId,
  productId: i.productId,
  quantity: i.quantity,
  availableAfter: 350,
  restockedAt: '2026-01-01T00:00:00.000Z',
});

/** Starts the workflow by its type name (as the CLI does) on the orders queue, against a mocked inventory activity. */
async function run(
  args: RestockProductInput,
  restockProduct: (i: RestockProductInput) => Promise<RestockProductResult>,
) {
  const { nativeConnection: connection } = env;
  const orders = await Worker.create({ connection, taskQueue: TASK_QUEUES.orders, ...ORDER_WORKFLOW_OPTIONS });
  const inventory = await Worker.create({
    connection,
    taskQueue: TASK_QUEUES.inventory,
    activities: { restockProduct },
  });
  const work = env.client.workflow.execute<(i: RestockProductInput) => Promise<RestockProductResult>>(
    WORKFLOW_TYPES.restockProduct,
    { taskQueue: TASK_QUEUES.orders, workflowId: restockProductWorkflowId(args.restockId), args: [args] },
  );
  return inventory.runUntil(orders.runUntil(work));
}

/** The failure type a failed workflow carries from its activity. */
const failureTypeOf = (err: unknown) => {
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return ((err as WorkflowFailedError).cause?.cause as ApplicationFailure).type;
};

describe('restockProduct workflow (time skipping, mocked activities)', () => {
  it('restocks through the inventory activity and answers its result', async () => {
    const i = input();
    const calls: RestockProductInput[] = [];
    const out = await run(i, async (arg) => {
      calls.push(arg);
      return result(arg);
    });
    expect(out).toEqual(result(i));
    expect(calls).toEqual([i]);
  }, 60_000);

  it('retries a transient fault with backoff until the activity succeeds', async () => {
    let attempts = 0;
    const out = await run(input(), async (arg) => {
      attempts += 1;
      if (attempts <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5433');
      return result(arg);
    });
    expect(out.availableAfter).toBe(350);
    expect(attempts).toBe(3);
  }, 60_000);

  it.each([ErrorTypes.INVALID_RESTOCK, ErrorTypes.UNKNOWN_PRODUCT])(
    'fails at once with %s, even when the activity marks it retryable',
    async (type) => {
      let attempts = 0;
      const err = await run(input(), async () => {
        attempts += 1;
        throw ApplicationFailure.retryable(`refused: ${type}`, type);
      }).catch((e: unknown) => e);
      expect(failureTypeOf(err)).toBe(type);
      expect(attempts).toBe(1);
    },
    60_000,
  );
});
