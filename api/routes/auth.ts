import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { withinBudget } from '../temporal-call';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import {
  TASK_QUEUES,
  WORKFLOW_TYPES,
  registerUserWorkflowId,
  type RegisterUserInput,
  type RegisterUserResult,
} from '../../contracts';
import type { UsersClient } from '../services/users-client';
import { hashPassword } from '../../lib/password';
import { HttpError } from '../http-error';
import { NoQuery, parseInput } from '../../lib/validation';
import { chars, Email, text } from '../schemas';
import { LoginBody } from '../../contracts/request-schemas';
import { settleWithin } from '../result-within';

/** Body of `POST /api/auth/register`; unknown fields are refused. */
export const RegisterBody = z.strictObject({
  email: Email,
  name: text(200),
  password: chars(8, 256),
});

/** What the auth routes need. */
export interface AuthRouteDeps {
  temporal: Client;
  users: UsersClient;
  /** How long register waits for its workflow's result before answering 202 (default 15 s). */
  resultTimeoutMs?: number;
  /** Budget of starting the workflow; past it (Temporal unreachable) the answer is 503 TEMPORAL_UNAVAILABLE (default 5 s). */
  startBudgetMs?: number;
}

/**
 * `POST /api/auth/register`: runs the `registerUser` workflow and answers 201, 409 for a taken email, or 202 when it
 * outlasts `resultTimeoutMs`. `POST /api/auth/login`: the users service checks the password and signs the token.
 */
export function authRoutes({
  temporal,
  users,
  resultTimeoutMs = 15_000,
  startBudgetMs = 5_000,
}: AuthRouteDeps): Router {
  const router = new Router({ prefix: '/api/auth' });
  router.post('/login', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.body = await users.login(parseInput(LoginBody, ctx.request.body));
  });
  router.post('/register', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const body = parseInput(RegisterBody, ctx.request.body);
    const registrationId = randomUUID();
    const input: RegisterUserInput = {
      registrationId,
      email: body.email,
      name: body.name,
      passwordHash: await hashPassword(body.password),
      requestId: ctx.state.requestId,
    };
    const handle = await withinBudget(temporal, startBudgetMs, () =>
      temporal.workflow.start<(i: RegisterUserInput) => Promise<RegisterUserResult>>(WORKFLOW_TYPES.registerUser, {
        taskQueue: TASK_QUEUES.orders,
        workflowId: registerUserWorkflowId(registrationId),
        args: [input],
      }),
    );
    const result = await settleWithin(handle.result(), resultTimeoutMs);
    if (!result) {
      ctx.status = 202;
      ctx.body = { registrationId, status: 'PENDING', workflowId: handle.workflowId };
      return;
    }
    if (!result.ok) throw new HttpError(409, 'EMAIL_TAKEN', 'This email is already registered.');
    ctx.status = 201;
    ctx.body = { id: result.user.id, email: result.user.email, name: result.user.name };
  });
  return router;
}
