import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  ErrorTypes,
  TASK_QUEUES,
  type NotificationsActivities,
  type RegisterUserInput,
  type UsersActivities,
} from '../contracts';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { registerUser, WELCOME_FROM_EVENT_PATCH } from './register-user';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(() => env?.teardown());

const input = (): RegisterUserInput => ({
  registrationId: randomUUID(),
  email: 'ada@example.com',
  name: 'Ada',
  passwordHash: 'scrypt$x',
});
const user = { id: 'u-1', email: 'ada@example.com', name: 'Ada', createdAt: '2026-01-01T00:00:00.000Z' };

/** Runs `registerUser` (today's code, or `workflowsPath`'s) with mocked activities on their own task queues. */
async function run(
  users: Partial<UsersActivities>,
  notifications: Partial<NotificationsActivities>,
  args = input(),
  workflowsPath = require.resolve('./index'),
) {
  const { nativeConnection: connection } = env;
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue: TASK_QUEUES.orders, workflowsPath }),
    Worker.create({ connection, taskQueue: TASK_QUEUES.users, activities: users }),
    Worker.create({ connection, taskQueue: TASK_QUEUES.notifications, activities: notifications }),
  ]);
  const [orders, ...others] = workers;
  const execution = orders.runUntil(
    env.client.workflow.execute(registerUser, {
      taskQueue: TASK_QUEUES.orders,
      workflowId: `register-user-${args.registrationId}`,
      args: [args],
    }),
  );
  const all = others.reduce((acc, w) => w.runUntil(acc), execution);
  return all;
}

describe('registerUser workflow', () => {
  it('creates the user and leaves the welcome email to the user.created event (the patch is recorded)', async () => {
    const sendWelcome = jest.fn();
    const args = input();
    const result = await run({ createUser: async () => user }, { sendWelcome }, args);
    expect(result).toEqual({ ok: true, user });
    expect(sendWelcome).not.toHaveBeenCalled();
    const history = await env.client.workflow.getHandle(`register-user-${args.registrationId}`).fetchHistory();
    expect(JSON.stringify(history)).toContain(
      Buffer.from(JSON.stringify({ id: WELCOME_FROM_EVENT_PATCH, deprecated: false })).toString('base64'),
    );
  }, 60_000);

  it("a registration run before the patch (it sent the welcome itself) replays against today's code, as does a new one", async () => {
    const sendWelcome = jest.fn(async () => ({ id: 'n-1' }) as never);
    const before = input();
    const oldCode = require.resolve('../test/replay/before-welcome-from-event');
    await run({ createUser: async () => user }, { sendWelcome }, before, oldCode);
    expect(sendWelcome).toHaveBeenCalledTimes(1);
    const after = input();
    await run({ createUser: async () => user }, { sendWelcome }, after);
    for (const { registrationId } of [before, after]) {
      const workflowId = `register-user-${registrationId}`;
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowsPath: require.resolve('./index') }, history, workflowId);
    }
    // and the old history would not replay had the change not been behind patched()
    const oldHistory = await env.client.workflow.getHandle(`register-user-${after.registrationId}`).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: oldCode }, oldHistory)).rejects.toThrow(/[Nn]ondetermini/);
  }, 90_000);

  it('completes with EMAIL_TAKEN (not a failed workflow) and sends nothing when the email is taken', async () => {
    const sendWelcome = jest.fn();
    const result = await run(
      {
        createUser: async () => {
          throw ApplicationFailure.nonRetryable('taken', ErrorTypes.EMAIL_TAKEN);
        },
      },
      { sendWelcome },
    );
    expect(result).toEqual({ ok: false, reason: 'EMAIL_TAKEN' });
    expect(sendWelcome).not.toHaveBeenCalled();
  }, 60_000);

  it('retries a transient failure of the users service with backoff until it succeeds', async () => {
    let attempts = 0;
    const createUser = async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('connection terminated unexpectedly');
      return user;
    };
    const result = await run(
      { createUser },
      {
        sendWelcome: async () => ({
          id: 'n',
          channel: 'email',
          recipient: '',
          template: 'welcome',
          status: 'SENT',
          createdAt: '',
        }),
      },
    );
    expect(result).toEqual({ ok: true, user });
    expect(attempts).toBe(3);
  }, 60_000);
});
