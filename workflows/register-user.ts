import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import { ErrorTypes, TASK_QUEUES } from '../contracts';
import type { NotificationsActivities, RegisterUserInput, RegisterUserResult, UsersActivities } from '../contracts';
import { failureType } from './failures';

/** Retries with backoff for transient faults (database restart, worker restart); business refusals are non-retryable. */
const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' };

const users = proxyActivities<UsersActivities>({
  taskQueue: TASK_QUEUES.users,
  startToCloseTimeout: '10s',
  retry: { ...retry, nonRetryableErrorTypes: [ErrorTypes.EMAIL_TAKEN] },
});

const notifications = proxyActivities<NotificationsActivities>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '10s',
  retry,
});

/** Registers an account: create the user (users DB), then send the welcome email (notifications DB). A taken email ends the workflow successfully with `ok: false`. */
export async function registerUser(input: RegisterUserInput): Promise<RegisterUserResult> {
  let user;
  try {
    user = await users.createUser(input);
  } catch (err) {
    if (failureType(err) === ErrorTypes.EMAIL_TAKEN) return { ok: false, reason: 'EMAIL_TAKEN' };
    throw err;
  }
  await notifications.sendWelcome({
    userId: user.id,
    email: user.email,
    name: user.name,
    idempotencyKey: `${input.registrationId}:welcome`,
  });
  return { ok: true, user };
}
