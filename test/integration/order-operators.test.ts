import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { orderWorkflowId, type OrderDto } from '../../contracts';
import { PROJECT_ROOT } from '../../lib/config';
import { eventually } from '../support/http';
import { listWorkflows, temporal } from '../support/temporal-cli';
import { testProcessEnv } from '../support/test-env';
import {
  available,
  newCustomer,
  placeOrder,
  recordHistory,
  rowsOf,
  temporalClient,
  waitForStatus,
  type Customer,
} from '../support/orders';

const MACHINE = 'sku-espresso-machine';
const MUG = 'sku-ceramic-mug';

async function place(customer: Customer, productId: string, paymentToken: string): Promise<string> {
  const res = await placeOrder(customer, `key-${randomUUID()}`, { items: [{ productId, quantity: 1 }], paymentToken });
  expect(res.status).toBe(201);
  return (res.body as unknown as OrderDto).orderId;
}

/** Runs the real CLI and expects success. */
function cli(...args: string[]): string {
  const res = temporal(...args);
  if (res.status !== 0) throw new Error(`temporal ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

interface HistoryEvent {
  eventId: string;
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> };
}

afterAll(async () => (await temporalClient()).connection.close());

describe('operating orders with the temporal CLI', () => {
  it('list by OrderStatus, query status, signal approve and ship, show the history', async () => {
    const customer = await newCustomer();
    const orderId = await place(customer, MACHINE, 'tok_ok');
    const workflowId = orderWorkflowId(orderId);
    await waitForStatus(customer, orderId, 'AWAITING_APPROVAL');

    const listed = await eventually(
      async () => listWorkflows("OrderStatus='AWAITING_APPROVAL'").some((w) => w.execution.workflowId === workflowId),
      15_000,
    );
    expect(listed).toBe(true);
    expect(cli('workflow', 'query', '--workflow-id', workflowId, '--name', 'status')).toContain('AWAITING_APPROVAL');

    cli('workflow', 'signal', '--workflow-id', workflowId, '--name', 'approve');
    await waitForStatus(customer, orderId, 'CONFIRMED');
    cli(
      'workflow',
      'signal',
      '--workflow-id',
      workflowId,
      '--name',
      'ship',
      '--input',
      '{"trackingNumber":"TRK-CLI-1"}',
    );
    expect((await waitForStatus(customer, orderId, 'SHIPPED')).trackingNumber).toBe('TRK-CLI-1');

    await (await temporalClient()).workflow.getHandle(workflowId).result(); // SHIPPED is written a moment before the workflow completes
    expect(cli('workflow', 'show', '--workflow-id', workflowId)).toMatch(/WorkflowExecutionCompleted/);
    const history = JSON.parse(cli('workflow', 'show', '--workflow-id', workflowId, '--output', 'json')) as {
      events: HistoryEvent[];
    };
    // activities on the services' queues, and the orders worker's own writes, run as local activities (their type is in
    // the marker's data)
    const activities = history.events.flatMap((e) => {
      const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled) return [scheduled];
      const local = e.markerRecordedEventAttributes;
      if (local?.markerName !== 'core_local_activity') return [];
      const data = local.details?.data?.payloads?.[0]?.data ?? '';
      return [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { activity_type: string }).activity_type];
    });
    for (const activity of [
      'getProducts',
      'createOrder',
      'reserveStock',
      'chargePayment',
      'commitReservation',
      'setOrderStatus',
    ])
      expect(activities).toContain(activity);
    expect(
      listWorkflows(
        `WorkflowId='${workflowId}' AND OrderStatus='SHIPPED' AND CustomerId='${customer.id}' AND OrderTotal=129900`,
      ),
    ).toHaveLength(1);
  });

  it('signal cancel from the CLI: refund and restock', async () => {
    const customer = await newCustomer();
    const orderId = await place(customer, MUG, 'tok_ok');
    await waitForStatus(customer, orderId, 'CONFIRMED');
    cli(
      'workflow',
      'signal',
      '--workflow-id',
      orderWorkflowId(orderId),
      '--name',
      'cancel',
      '--input',
      '{"reason":"operator"}',
    );
    await waitForStatus(customer, orderId, 'CANCELLED');
    expect(await rowsOf(orderId)).toMatchObject({ reservation: 'RESTOCKED', refunds: [{ amount_cents: 1200 }] });
  });

  it('reset a failed order to before the charge: the new run replays, ends consistent, and `npm run replay` accepts it', async () => {
    const customer = await newCustomer();
    const mugs = await available(MUG);
    const orderId = await place(customer, MUG, 'tok_decline');
    const workflowId = orderWorkflowId(orderId);
    await waitForStatus(customer, orderId, 'FAILED');

    const { events } = JSON.parse(cli('workflow', 'show', '--workflow-id', workflowId, '--output', 'json')) as {
      events: HistoryEvent[];
    };
    const charge = events.findIndex(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'chargePayment',
    );
    expect(charge).toBeGreaterThan(0);
    const before = events
      .slice(0, charge)
      .reverse()
      .find((e) => /WorkflowTaskCompleted|WORKFLOW_TASK_COMPLETED/.test(e.eventType));
    expect(before).toBeDefined();
    const firstRun = (await (await temporalClient()).workflow.getHandle(workflowId).describe()).runId;

    cli(
      'workflow',
      'reset',
      '--workflow-id',
      workflowId,
      '--event-id',
      String(before!.eventId),
      '--reason',
      'retry the charge',
    );
    const reset = await eventually(async () => {
      const d = await (await temporalClient()).workflow.getHandle(workflowId).describe();
      return d.runId !== firstRun && d.status.name === 'COMPLETED';
    }, 60_000);
    expect(reset).toBe(true);
    expect(await rowsOf(orderId)).toMatchObject({
      order: { status: 'FAILED', failure_reason: 'PAYMENT_DECLINED' },
      reservation: 'RELEASED',
      charges: [],
    });
    expect(await available(MUG)).toBe(mugs);
    await recordHistory(orderId, 'order-reset-before-charge');

    const replay = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'replay.ts'), workflowId],
      {
        env: testProcessEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${testProcessEnv().TEMPORAL_PORT}` }),
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect({ status: replay.status, out: replay.stdout }).toEqual({
      status: 0,
      out: expect.stringContaining(`✔ ${workflowId}`),
    });
  });
});
