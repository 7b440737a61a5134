// registerUser as it was before the welcome-from-event patch (it scheduled the welcome email itself), for
// workflows/register-user.test.ts only: its histories must replay against today's code.
import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import { ErrorTypes, TASK_QUEUES } from '../../../contracts';
import type {
  NotificationsActivities,
  RegisterUserInput,
  RegisterUserResult,
  UsersActivities,
} from '../../../contracts';
import { failureType } from '../../../workflows/failures';

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

/** The pre-patch registration: create the user, then send the welcome email from the workflow. */
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
