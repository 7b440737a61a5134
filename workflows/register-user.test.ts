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
import { registerUser } from './register-user';

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

/** Runs `registerUser` with the real workflow code and mocked activities on their own task queues. */
async function run(users: Partial<UsersActivities>, notifications: Partial<NotificationsActivities>, args = input()) {
  const { nativeConnection: connection } = env;
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue: TASK_QUEUES.orders, workflowsPath: require.resolve('./index') }),
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
  it('creates the user, then sends the welcome email keyed by the registration', async () => {
    const sendWelcome = jest.fn(async () => ({
      id: 'n-1',
      channel: 'email' as const,
      recipient: user.email,
      template: 'welcome',
      status: 'SENT' as const,
      createdAt: user.createdAt,
    }));
    const args = input();
    const result = await run({ createUser: async () => user }, { sendWelcome }, args);
    expect(result).toEqual({ ok: true, user });
    expect(sendWelcome).toHaveBeenCalledWith({
      userId: 'u-1',
      email: user.email,
      name: 'Ada',
      idempotencyKey: `${args.registrationId}:welcome`,
    });
  }, 60_000);

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
