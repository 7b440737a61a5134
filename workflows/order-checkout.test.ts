import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ErrorTypes, TASK_QUEUES, type OrderCheckoutInput, type OrderStatusView } from '../contracts';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { ORDER_WORKFLOW_OPTIONS } from './worker-options';
import { CRITICAL_PATH_PATCH, EMAILS_FROM_EVENTS_PATCH, orderCheckout } from './order-checkout';
import { workflowMetricsSinks } from '../workers/metrics-sinks';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(() => env?.teardown());

const DAY = 24 * 60 * 60 * 1000;
const input = (over: Partial<OrderCheckoutInput> = {}): OrderCheckoutInput => ({
  orderId: randomUUID().replace(/-/g, ''),
  customerId: 'c-1',
  idempotencyKey: 'k',
  requestHash: 'h',
  paymentToken: 'tok_ok',
  items: [{ productId: 'p-1', quantity: 2 }],
  settings: { approvalThresholdCents: 100_000, approvalTimeoutMs: DAY, chargeBudgetMs: 30_000 },
  ...over,
});

/** Mocked activities of every service, recording the order of calls. */
function fakeServices(priceCents: number, overrides: Record<string, (...args: never[]) => Promise<unknown>> = {}) {
  const calls: string[] = [];
  const record =
    (name: string, fn: (...args: never[]) => Promise<unknown>) =>
    async (...args: never[]) => {
      calls.push(name);
      return fn(...args);
    };
  const order = {
    orderId: 'o',
    customerId: 'c-1',
    status: 'PENDING',
    items: [],
    totalCents: 2 * priceCents,
    currency: 'USD',
    createdAt: '',
    updatedAt: '',
    idempotencyKey: 'k',
    requestHash: 'h',
  };
  const base: Record<string, (...args: never[]) => Promise<unknown>> = {
    getProducts: async () => [{ id: 'p-1', name: 'P', description: '', priceCents, currency: 'USD' }],
    createOrder: async () => order,
    setOrderStatus: async (i: { status: string }) => ({ ...order, status: i.status }),
    reserveStock: async () => ({ orderId: 'o', state: 'RESERVED', lines: [], attempt: 1 }),
    releaseReservation: async () => ({ orderId: 'o', state: 'RELEASED', lines: [], attempt: 1 }),
    commitReservation: async () => ({ orderId: 'o', state: 'COMMITTED', lines: [], attempt: 1 }),
    restockOrder: async () => ({ orderId: 'o', state: 'RESTOCKED', lines: [], attempt: 1 }),
    chargePayment: async () => ({ id: 'ch', attempt: 1 }),
    refundPayment: async () => ({ id: 're' }),
    sendOrderNotification: async () => ({ id: 'n' }),
  };
  const all = Object.fromEntries(Object.entries({ ...base, ...overrides }).map(([k, fn]) => [k, record(k, fn)]));
  const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, all[n]]));
  return {
    calls,
    queues: {
      [TASK_QUEUES.products]: pick('getProducts'),
      [TASK_QUEUES.orders]: pick('createOrder', 'setOrderStatus'),
      [TASK_QUEUES.inventory]: pick('reserveStock', 'releaseReservation', 'commitReservation', 'restockOrder'),
      [TASK_QUEUES.payments]: pick('chargePayment', 'refundPayment'),
      [TASK_QUEUES.notifications]: pick('sendOrderNotification'),
    },
  };
}

/** Runs the real workflow code on the time-skipping server; `drive` may signal while it runs. */
async function run(
  services: ReturnType<typeof fakeServices>,
  args: OrderCheckoutInput,
  drive?: (h: ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>) => Promise<void>,
) {
  const { nativeConnection: connection } = env;
  const orders = await Worker.create({
    connection,
    taskQueue: TASK_QUEUES.orders,
    ...ORDER_WORKFLOW_OPTIONS,
    activities: services.queues[TASK_QUEUES.orders],
    sinks: workflowMetricsSinks(), // what the orders worker injects: the saga's outcome and compensation counts
  });
  const others = await Promise.all(
    [TASK_QUEUES.products, TASK_QUEUES.inventory, TASK_QUEUES.payments, TASK_QUEUES.notifications].map((taskQueue) =>
      Worker.create({ connection, taskQueue, activities: services.queues[taskQueue] }),
    ),
  );
  const work = async () => {
    const handle = await env.client.workflow.start(orderCheckout, {
      taskQueue: TASK_QUEUES.orders,
      workflowId: `order-${args.orderId}`,
      args: [args],
    });
    if (drive) await drive(handle);
    return handle.result();
  };
  return others.reduce((acc, w) => w.runUntil(acc), orders.runUntil(work())) as Promise<OrderStatusView>;
}

/** Sends `ship` once the workflow reports CONFIRMED (a ship signal before that is dropped, as it should be). */
async function shipOnceConfirmed(
  h: ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>,
  id: string,
) {
  for (let i = 0; i < 200; i++) {
    if ((await h.query<OrderStatusView>('status')).status === 'CONFIRMED') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await h.signal('ship', { trackingNumber: id });
}

describe('orderCheckout workflow (time skipping, mocked activities)', () => {
  it('confirms, then ships on the ship signal', async () => {
    const services = fakeServices(1_000);
    const result = await run(services, input(), async (h) => {
      await shipOnceConfirmed(h, 'T-1');
    });
    expect(result.status).toBe('SHIPPED');
    const { calls } = services;
    expect([...calls].sort()).toEqual(
      [
        'getProducts',
        'createOrder',
        'reserveStock',
        'chargePayment',
        'commitReservation',
        'setOrderStatus',
        'setOrderStatus',
      ].sort(),
    );
    // pricing before recording; the charge after both and after the reservation; confirmation after the charge
    const at = (name: string) => calls.indexOf(name);
    expect(at('getProducts')).toBeLessThan(at('createOrder'));
    expect(at('chargePayment')).toBeGreaterThan(Math.max(at('createOrder'), at('reserveStock')));
    expect(Math.min(at('commitReservation'), calls.indexOf('setOrderStatus'))).toBeGreaterThan(at('chargePayment'));
  }, 60_000);

  it('records the critical-path patch and runs the order writes as local activities (never on the orders queue)', async () => {
    const services = fakeServices(1_000);
    let handle: Parameters<NonNullable<Parameters<typeof run>[2]>>[0] | undefined;
    await run(services, input(), async (h) => {
      handle = h;
      await shipOnceConfirmed(h, 'T-L');
    });
    const history = JSON.stringify(await handle!.fetchHistory());
    const patches = [...history.matchAll(/"core_patch"/g)].length;
    expect(patches).toBeGreaterThanOrEqual(2); // this patch and the ship window
    expect(history).toContain(
      Buffer.from(JSON.stringify({ id: CRITICAL_PATH_PATCH, deprecated: false })).toString('base64'),
    );
    expect(history).toContain('core_local_activity');
    const scheduled = (await handle!.fetchHistory()).events!.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name] : [],
    );
    expect(scheduled).not.toContain('createOrder');
    expect(scheduled).not.toContain('setOrderStatus');
    expect(scheduled).toEqual(expect.arrayContaining(['getProducts', 'reserveStock', 'chargePayment']));
  }, 60_000);

  it('prices and reserves at once: the reservation starts while pricing is still running', async () => {
    let reserving = false;
    let reservedWhilePricing = false;
    const services = fakeServices(1_000, {
      getProducts: async () => {
        for (let i = 0; i < 50 && !reserving; i++) await new Promise((r) => setTimeout(r, 100));
        reservedWhilePricing = reserving;
        return [{ id: 'p-1', name: 'P', description: '', priceCents: 1_000, currency: 'USD' }];
      },
      reserveStock: async () => {
        reserving = true;
        return { orderId: 'o', state: 'RESERVED', lines: [], attempt: 1 };
      },
    });
    const result = await run(services, input(), async (h) => {
      await shipOnceConfirmed(h, 'T-C');
    });
    expect(result.status).toBe('SHIPPED');
    expect(reservedWhilePricing).toBe(true);
  }, 60_000);

  it('the placed update answers only once the order is priced and its stock reserved', async () => {
    let reserved = false;
    const services = fakeServices(1_000, {
      reserveStock: async () => {
        await new Promise((r) => setTimeout(r, 1_500));
        reserved = true;
        return { orderId: 'o', state: 'RESERVED', lines: [], attempt: 1 };
      },
    });
    let reservedWhenPlaced: boolean | undefined;
    let placed: unknown;
    await run(services, input(), async (h) => {
      placed = await h.executeUpdate('placed', { args: [{ requestHash: 'h' }] });
      reservedWhenPlaced = reserved;
      await shipOnceConfirmed(h, 'T-P');
    });
    expect(reservedWhenPlaced).toBe(true);
    expect(placed).toMatchObject({ totalCents: 2_000, requestHash: 'h' });
  }, 60_000);

  it('OUT_OF_STOCK after the order was priced and recorded: FAILED/OUT_OF_STOCK written, stock returned, no charge', async () => {
    const services = fakeServices(1_000, {
      reserveStock: async () => {
        await new Promise((r) => setTimeout(r, 1_000)); // pricing and the record are done by now
        throw ApplicationFailure.nonRetryable('out of stock', ErrorTypes.OUT_OF_STOCK);
      },
    });
    const statuses: string[] = [];
    const base = services.queues[TASK_QUEUES.orders].setOrderStatus;
    services.queues[TASK_QUEUES.orders].setOrderStatus = async (...args: never[]) => {
      statuses.push((args[0] as { status: string }).status);
      return base(...args);
    };
    let placed: unknown;
    const result = await run(services, input(), async (h) => {
      placed = await h.executeUpdate('placed', { args: [{ requestHash: 'h' }] });
    });
    expect(result).toMatchObject({
      status: 'FAILED',
      failureReason: 'OUT_OF_STOCK',
      steps: { price: { state: 'compensated' }, reserve: { state: 'failed' } },
      compensations: [{ name: 'return stock', state: 'done' }],
    });
    expect(placed).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    expect(services.calls.indexOf('createOrder')).toBeLessThan(services.calls.indexOf('releaseReservation'));
    expect(statuses).toEqual(['FAILED']);
    expect(services.calls).not.toContain('chargePayment');
  }, 60_000);

  it('pricing fails non-retryably after the stock was reserved: the reservation is returned, the workflow fails loudly', async () => {
    const services = fakeServices(1_000, {
      getProducts: async () => {
        await new Promise((r) => setTimeout(r, 1_000)); // the reservation is done by now
        throw ApplicationFailure.nonRetryable('unknown product', ErrorTypes.UNKNOWN_PRODUCT);
      },
    });
    await expect(run(services, input())).rejects.toThrow();
    expect([...services.calls].sort()).toEqual(['getProducts', 'releaseReservation', 'reserveStock']);
    expect(services.calls.at(-1)).toBe('releaseReservation');
  }, 60_000);

  it('a cancel signal during pricing and reserving: CANCELLED/CUSTOMER_CANCELLED once both settled, stock returned, no charge', async () => {
    const args = input();
    const services = fakeServices(1_000, {
      reserveStock: async () => {
        await env.client.workflow.getHandle(`order-${args.orderId}`).signal('cancel', { reason: 'changed my mind' });
        await new Promise((r) => setTimeout(r, 500));
        return { orderId: 'o', state: 'RESERVED', lines: [], attempt: 1 };
      },
    });
    const result = await run(services, args);
    expect(result).toMatchObject({
      status: 'CANCELLED',
      failureReason: 'CUSTOMER_CANCELLED',
      compensations: [{ name: 'return stock', state: 'done' }],
    });
    expect(services.calls).toContain('releaseReservation');
    expect(services.calls).not.toContain('chargePayment');
  }, 60_000);

  it('sends no email itself and records the emails-from-events patch (the notifications consumer group sends them)', async () => {
    const services = fakeServices(1_000);
    let handle: Parameters<NonNullable<Parameters<typeof run>[2]>>[0] | undefined;
    const result = await run(services, input(), async (h) => {
      handle = h;
      await shipOnceConfirmed(h, 'T-E');
    });
    expect(result.status).toBe('SHIPPED');
    expect(services.calls).not.toContain('sendOrderNotification');
    const history = JSON.stringify(await handle!.fetchHistory());
    expect(history).toContain(
      Buffer.from(JSON.stringify({ id: EMAILS_FROM_EVENTS_PATCH, deprecated: false })).toString('base64'),
    );
  }, 60_000);

  it('keeps a ship signal sent once the orders database says CONFIRMED but before that write reaches the workflow', async () => {
    const args = input();
    const services = fakeServices(1_000, {
      // the write is committed (a tracker sees CONFIRMED and ships) while its result is still on the way to the workflow
      setOrderStatus: async (i: { status: string }) => {
        if (i.status === 'CONFIRMED') {
          await env.client.workflow.getHandle(`order-${args.orderId}`).signal('ship', { trackingNumber: 'T-early' });
          await new Promise((r) => setTimeout(r, 500));
        }
        return {
          orderId: 'o',
          customerId: 'c-1',
          status: i.status,
          items: [],
          totalCents: 2_000,
          currency: 'USD',
          createdAt: '',
          updatedAt: '',
          idempotencyKey: 'k',
          requestHash: 'h',
        };
      },
    });
    const result = await Promise.race([
      run(services, args),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the ship signal was dropped: the order waits for shipping')), 20_000),
      ),
    ]);
    expect(result.status).toBe('SHIPPED');
    expect(services.calls.filter((c) => c === 'setOrderStatus')).toHaveLength(2);
  }, 60_000);

  it('a large order with no decision is cancelled after the 24 h approval timeout, stock returned', async () => {
    const services = fakeServices(60_000); // 120000 cents >= threshold
    const result = await run(services, input());
    expect(result).toMatchObject({
      status: 'CANCELLED',
      failureReason: 'APPROVAL_TIMEOUT',
      compensations: [{ name: 'return stock', state: 'done' }],
    });
    expect(services.calls).not.toContain('chargePayment');
    expect(services.calls).toContain('releaseReservation');
  }, 60_000);

  it('an approve that lands in the same task as the AWAITING_APPROVAL write is kept (not dropped)', async () => {
    let workflowId = '';
    const services = fakeServices(60_000, {
      // the operator approves while the status write is in flight: the signal and the activity result reach the workflow together
      setOrderStatus: async (i: { status: string }) => {
        if (i.status === 'AWAITING_APPROVAL') await env.client.workflow.getHandle(workflowId).signal('approve');
        return {
          orderId: 'o',
          customerId: 'c-1',
          status: i.status,
          items: [],
          totalCents: 120_000,
          currency: 'USD',
          createdAt: '',
          updatedAt: '',
          idempotencyKey: 'k',
          requestHash: 'h',
        };
      },
    });
    const args = input();
    workflowId = `order-${args.orderId}`;
    const result = await run(services, args, async (h) => {
      await env.sleep(1_000);
      await h.signal('ship', { trackingNumber: 'T-2' });
    });
    expect(result).toMatchObject({ status: 'SHIPPED', steps: { approval: { state: 'done' } } });
    expect(services.calls).toContain('chargePayment');
  }, 60_000);

  it('a decline runs the compensations in reverse order of registration: refund, then return stock', async () => {
    const services = fakeServices(1_000, {
      chargePayment: async () => {
        throw ApplicationFailure.nonRetryable('declined', ErrorTypes.PAYMENT_DECLINED);
      },
    });
    const result = await run(services, input());
    expect(result).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
    expect(services.calls.slice(services.calls.indexOf('chargePayment'))).toEqual([
      'chargePayment',
      'refundPayment',
      'releaseReservation',
      'setOrderStatus',
    ]);
  }, 60_000);

  it('a compensation that fails transiently twice is retried until it succeeds', async () => {
    let releases = 0;
    const services = fakeServices(1_000, {
      chargePayment: async () => {
        throw ApplicationFailure.nonRetryable('declined', ErrorTypes.PAYMENT_DECLINED);
      },
      releaseReservation: async () => {
        releases += 1;
        if (releases <= 2) throw new Error('inventory database restarting');
        return { orderId: 'o', state: 'RELEASED', lines: [], attempt: releases };
      },
    });
    const result = await run(services, input());
    expect(result).toMatchObject({
      status: 'FAILED',
      compensations: [
        { name: 'refund payment', state: 'done' },
        { name: 'return stock', state: 'done' },
      ],
    });
    expect(releases).toBe(3);
  }, 60_000);

  it('cancel after confirmation refunds and restocks (release of a committed reservation falls back to restock)', async () => {
    const services = fakeServices(1_000, {
      releaseReservation: async () => {
        throw ApplicationFailure.nonRetryable('committed', ErrorTypes.INVALID_RESERVATION_STATE);
      },
    });
    const result = await run(services, input(), async (h) => {
      await env.sleep(1_000);
      await h.signal('cancel', {});
    });
    expect(result).toMatchObject({ status: 'CANCELLED', failureReason: 'CUSTOMER_CANCELLED' });
    expect(services.calls).toEqual(expect.arrayContaining(['refundPayment', 'releaseReservation', 'restockOrder']));
    expect(services.calls.indexOf('refundPayment')).toBeLessThan(services.calls.indexOf('restockOrder'));
  }, 60_000);

  it('a charge that outlasts its budget ends PAYMENT_UNAVAILABLE with stock returned', async () => {
    const services = fakeServices(1_000, {
      chargePayment: async () => {
        throw new Error('payment provider unavailable: HTTP 503');
      },
    });
    const result = await run(
      services,
      input({ settings: { approvalThresholdCents: 100_000, approvalTimeoutMs: DAY, chargeBudgetMs: 5_000 } }),
    );
    expect(result).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_UNAVAILABLE' });
    expect(services.calls).toContain('releaseReservation');
  }, 60_000);

  it("the placed update's validator refuses another request hash before acceptance; the same hash gets the priced record", async () => {
    const services = fakeServices(1_000);
    const answers: unknown[] = [];
    const result = await run(services, input(), async (h) => {
      answers.push(
        await h
          .executeUpdate('placed', { args: [{ requestHash: 'another body' }] })
          .catch((err: { name?: string; cause?: { type?: string } }) => [err.name, err.cause?.type]),
      );
      answers.push(await h.executeUpdate('placed', { args: [{ requestHash: 'h' }] }));
      answers.push(await h.executeUpdate('placed')); // no argument, as before the validator: answered
      await env.sleep(1_000); // past the charge: CONFIRMED, so the ship signal counts
      await h.signal('ship', { trackingNumber: 'T-3' });
    });
    expect(answers[0]).toEqual(['WorkflowUpdateFailedError', ErrorTypes.IDEMPOTENCY_KEY_REUSED]);
    expect(answers[1]).toMatchObject({ status: 'PENDING', totalCents: 2_000, requestHash: 'h' });
    expect(answers[2]).toMatchObject({ requestHash: 'h' });
    expect(result.status).toBe('SHIPPED');
  }, 60_000);

  it("an earlier run's record whose reservation is committed (a RESERVED result from before a reset): nothing is restocked", async () => {
    const services = fakeServices(1_000, {
      createOrder: async () => ({
        orderId: 'o',
        customerId: 'c-1',
        status: 'SHIPPED',
        items: [],
        totalCents: 2_000,
        currency: 'USD',
        createdAt: '',
        updatedAt: '',
        idempotencyKey: 'k',
        requestHash: 'h',
      }),
      releaseReservation: async () => {
        throw ApplicationFailure.nonRetryable('committed', ErrorTypes.INVALID_RESERVATION_STATE);
      },
    });
    const result = await run(services, input());
    expect(result).toMatchObject({ status: 'SHIPPED', compensations: [{ name: 'return stock', state: 'done' }] });
    expect(services.calls).toContain('releaseReservation');
    expect(services.calls).not.toContain('restockOrder');
    expect(services.calls).not.toContain('setOrderStatus');
  }, 60_000);

  it.each([
    [
      'a record of an earlier run, SHIPPED (its history gone after retention), its reservation found COMMITTED',
      { status: 'SHIPPED' },
      'COMMITTED',
      [],
    ],
    [
      'a record of an earlier run, FAILED/OUT_OF_STOCK, refused again',
      { status: 'FAILED', failureReason: 'OUT_OF_STOCK' },
      'OUT_OF_STOCK',
      [],
    ],
    [
      'a record of an earlier run, FAILED/OUT_OF_STOCK, while the stock is back: the reservation this run made is returned',
      { status: 'FAILED', failureReason: 'OUT_OF_STOCK' },
      'RESERVED',
      ['releaseReservation'],
    ],
    [
      'a PENDING record of another request under the key, its reservation RELEASED',
      { requestHash: 'another body' },
      'RELEASED',
      [],
    ],
  ] as Array<[string, { status?: string; requestHash?: string; failureReason?: string }, string, string[]]>)(
    'createOrder finds %s: the run answers it and does nothing else',
    async (_label, stored, reservation, undo) => {
      const services = fakeServices(1_000, {
        reserveStock: async () => {
          if (reservation === 'OUT_OF_STOCK') throw ApplicationFailure.nonRetryable('out', ErrorTypes.OUT_OF_STOCK);
          return { orderId: 'o', state: reservation, lines: [], attempt: 1 };
        },
        createOrder: async () => ({
          orderId: 'o',
          customerId: 'c-1',
          status: 'PENDING',
          items: [],
          totalCents: 2_000,
          currency: 'USD',
          createdAt: '',
          updatedAt: '',
          idempotencyKey: 'k',
          requestHash: 'h',
          ...stored,
        }),
      });
      let placed: unknown;
      const result = await run(services, input(), async (h) => {
        placed = await h.executeUpdate('placed', { args: [{ requestHash: 'h' }] });
      });
      expect(result.status).toBe(stored.status ?? 'PENDING');
      expect(placed).toMatchObject({ status: stored.status ?? 'PENDING' });
      expect([...services.calls].sort()).toEqual(['createOrder', 'getProducts', 'reserveStock', ...undo].sort());
      if (undo.length) expect(services.calls.at(-1)).toBe('releaseReservation');
      expect(result.compensations).toEqual(undo.length ? [{ name: 'return stock', state: 'done' }] : []);
    },
    60_000,
  );
});
