import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  ErrorTypes,
  TASK_QUEUES,
  changeProductPriceWorkflowId,
  type ChangePriceInput,
  type ChangePriceResult,
} from '../contracts';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { ORDER_WORKFLOW_OPTIONS } from './worker-options';
import { changeProductPrice } from './change-product-price';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(() => env?.teardown());

let seq = 0;
const input = (): ChangePriceInput => ({
  changeId: `chg-${Date.now()}-${(seq += 1)}`,
  productId: 'p-1',
  priceCents: 1_999,
});
const result = (i: ChangePriceInput): ChangePriceResult => ({
  changeId: i.changeId,
  productId: i.productId,
  oldPriceCents: 2_500,
  newPriceCents: i.priceCents,
  changedAt: '2026-01-01T00:00:00.000Z',
});

/** Runs the real workflow (on the orders queue, as the orders worker hosts it) against mocked products activities. */
async function run(
  args: ChangePriceInput,
  activities: {
    changePrice: (i: ChangePriceInput) => Promise<ChangePriceResult>;
    invalidateCatalogCache: () => Promise<void>;
  },
) {
  const { nativeConnection: connection } = env;
  const orders = await Worker.create({ connection, taskQueue: TASK_QUEUES.orders, ...ORDER_WORKFLOW_OPTIONS });
  const products = await Worker.create({ connection, taskQueue: TASK_QUEUES.products, activities });
  const work = env.client.workflow.execute(changeProductPrice, {
    taskQueue: TASK_QUEUES.orders,
    workflowId: changeProductPriceWorkflowId(args.changeId),
    args: [args],
  });
  return products.runUntil(orders.runUntil(work));
}

describe('changeProductPrice workflow (time skipping, mocked activities)', () => {
  it('changes the price, then invalidates the catalog cache (and again after the settle delay)', async () => {
    const calls: string[] = [];
    const i = input();
    const out = await run(i, {
      changePrice: async (arg) => {
        calls.push(`changePrice:${arg.changeId}:${arg.priceCents}`);
        return result(arg);
      },
      invalidateCatalogCache: async () => {
        calls.push('invalidateCatalogCache');
      },
    });
    expect(out).toEqual(result(i));
    expect(calls).toEqual([`changePrice:${i.changeId}:1999`, 'invalidateCatalogCache', 'invalidateCatalogCache']);
  }, 60_000);

  it('retries the invalidation while Redis is unreachable, until it succeeds', async () => {
    const calls: string[] = [];
    let invalidations = 0;
    const out = await run(input(), {
      changePrice: async (arg) => {
        calls.push('changePrice');
        return result(arg);
      },
      invalidateCatalogCache: async () => {
        invalidations += 1;
        calls.push(invalidations <= 2 ? 'invalidateCatalogCache:failed' : 'invalidateCatalogCache');
        if (invalidations <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:6380');
      },
    });
    expect(out.newPriceCents).toBe(1_999);
    expect(calls).toEqual([
      'changePrice',
      'invalidateCatalogCache:failed',
      'invalidateCatalogCache:failed',
      'invalidateCatalogCache',
      'invalidateCatalogCache',
    ]);
  }, 60_000);

  it('an unknown product fails the workflow with UNKNOWN_PRODUCT and no invalidation', async () => {
    const calls: string[] = [];
    const err = await run(input(), {
      changePrice: async () => {
        calls.push('changePrice');
        throw ApplicationFailure.nonRetryable('Unknown product: p-1', ErrorTypes.UNKNOWN_PRODUCT);
      },
      invalidateCatalogCache: async () => {
        calls.push('invalidateCatalogCache');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(((err as WorkflowFailedError).cause?.cause as ApplicationFailure).type).toBe(ErrorTypes.UNKNOWN_PRODUCT);
    expect(calls).toEqual(['changePrice']);
  }, 60_000);
});
