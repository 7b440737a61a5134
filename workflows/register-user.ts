import { patched, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
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

/**
 * Patch id: the welcome email follows from the `user.created` event (the `notifications` consumer group sends it); the
 * workflow no longer schedules it.
 */
export const WELCOME_FROM_EVENT_PATCH = 'welcome-email-from-event';

/**
 * Registers an account: creates the user (users DB), whose `user.created` event brings the welcome email (runs from
 * before the patch send it themselves). A taken email ends the workflow successfully with `ok: false`.
 */
export async function registerUser(input: RegisterUserInput): Promise<RegisterUserResult> {
  let user;
  try {
    user = await users.createUser(input);
  } catch (err) {
    if (failureType(err) === ErrorTypes.EMAIL_TAKEN) return { ok: false, reason: 'EMAIL_TAKEN' };
    throw err;
  }
  if (patched(WELCOME_FROM_EVENT_PATCH)) return { ok: true, user };
  await notifications.sendWelcome({
    userId: user.id,
    email: user.email,
    name: user.name,
    idempotencyKey: `${input.registrationId}:welcome`,
  });
  return { ok: true, user };
}
