import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { TASK_QUEUES, type RegisterUserInput } from '../contracts';
import { startTelemetry, type Telemetry } from '../lib/telemetry';
import { clientInterceptors } from '../lib/temporal';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { activityRequestLog } from './activity-request-log';
import { activityTracing, workflowSpanSinks } from './tracing';
import { ORDER_WORKFLOW_OPTIONS } from '../workflows/worker-options';

let env: TestWorkflowEnvironment;
let telemetry: Telemetry;
const exporter = new InMemorySpanExporter();
beforeAll(async () => {
  telemetry = startTelemetry('test', new SimpleSpanProcessor(exporter));
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
  await telemetry?.shutdown();
});

const user = { id: 'u-1', email: 'ada@example.com', name: 'Ada', createdAt: '2026-01-01T00:00:00.000Z' };

/** Workers as production builds them (workflow options, activity interceptors, span sink) on the three queues registerUser uses. */
const workers = () => {
  const { nativeConnection: connection } = env;
  const interceptors = { activity: [activityTracing, activityRequestLog] };
  return Promise.all([
    Worker.create({
      connection,
      taskQueue: TASK_QUEUES.orders,
      ...ORDER_WORKFLOW_OPTIONS,
      sinks: workflowSpanSinks(telemetry),
    }),
    Worker.create({
      connection,
      taskQueue: TASK_QUEUES.users,
      activities: { createUser: async () => user },
      interceptors,
    }),
    Worker.create({
      connection,
      taskQueue: TASK_QUEUES.notifications,
      interceptors,
      activities: {
        sendWelcome: async () => ({
          id: 'n-1',
          channel: 'email',
          recipient: user.email,
          template: 'welcome',
          status: 'SENT',
          createdAt: user.createdAt,
        }),
      },
    }),
  ]);
};

async function spansNamed(names: string[], timeoutMs = 10_000): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (names.every((n) => spans.some((s) => s.name === n)) || Date.now() > deadline) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tracing across the gateway client, the workflow and the activities', () => {
  it('puts the workflow start, the workflow run and every activity of registerUser in the caller’s trace, each activity under its StartActivity span', async () => {
    const client = new Client({ connection: env.connection, interceptors: clientInterceptors() });
    const input: RegisterUserInput = {
      registrationId: randomUUID(),
      email: user.email,
      name: 'Ada',
      passwordHash: 'scrypt$x',
    };
    const [orders, ...others] = await workers();
    const traceId = await trace.getTracer('test').startActiveSpan('POST /api/auth/register', async (root) => {
      const run = client.workflow.execute('registerUser', {
        taskQueue: TASK_QUEUES.orders,
        workflowId: `register-user-${input.registrationId}`,
        args: [input],
      });
      await others.reduce((acc, w) => w.runUntil(acc), orders.runUntil(run));
      root.end();
      return root.spanContext().traceId;
    });

    const expected = [
      'StartWorkflow:registerUser',
      'RunWorkflow:registerUser',
      'StartActivity:createUser',
      'RunActivity:createUser',
      // (no sendWelcome: the welcome email follows from the user.created event, test/integration/tracing.test.ts)
    ];
    const spans = await spansNamed(expected);
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(expected.map((name) => [name, byName.get(name)?.spanContext().traceId])).toEqual(
      expected.map((name) => [name, traceId]),
    );
    for (const activity of ['createUser']) {
      expect(byName.get(`RunActivity:${activity}`)!.parentSpanId).toBe(
        byName.get(`StartActivity:${activity}`)!.spanContext().spanId,
      );
    }
    expect(byName.get('RunWorkflow:registerUser')!.resource.attributes['service.name']).toBe('durable-commerce-test');
  }, 60_000);
});
