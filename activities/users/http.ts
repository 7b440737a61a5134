import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { MikroORM } from '@mikro-orm/core';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { USERS_AUTH_PATHS } from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import { HttpError } from '../../lib/http-error';
import { NoQuery, notFound, parseId, parseInput } from '../../lib/service-api';
import { hashPassword, verifyPassword } from '../../lib/password';
import { User } from './entities';
import { normaliseEmail, toUserDto } from './activities';
import { createTokenIssuer } from './tokens';

/** Body of `POST /auth/login`; unknown fields are refused. */
export const LoginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(256),
});

const BODY_LIMIT = '16kb';
const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: BODY_LIMIT, encoding: 'utf-8' });

/** JSON bodies only, at most 16 KB: other content types get 415, broken JSON 400, larger bodies 413. */
async function jsonBody(ctx: Context, next: Next): Promise<void> {
  if (ctx.is('application/json') === false) { // null: no body at all, which fails validation below
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  try {
    await parseJson(ctx, async () => undefined);
  } catch (err) {
    if ((err as { status?: number }).status === 413) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${BODY_LIMIT}.`);
    throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON.');
  }
  await next();
}

/** API of the users service: `GET /users/:id`, `POST /auth/login` and the token JWKS. */
export function createUsersRouter({ orm, config }: { orm: MikroORM; config: Pick<PlatformConfig, 'TOKEN_TTL'> }): Router {
  const router = new Router();
  const issuer = createTokenIssuer({ orm, ttlMs: config.TOKEN_TTL });
  // checked when the email is unknown, so both failures cost one scrypt run
  const dummyHash = hashPassword(randomUUID());
  dummyHash.catch(() => undefined);

  router.get('/users/:id', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(z.guid(), ctx.params.id, 'user'); // the column is a uuid: anything else would be a database error
    const user = await orm.em.fork().findOne(User, { id });
    if (!user) throw notFound('user');
    ctx.body = toUserDto(user);
  });

  router.post(USERS_AUTH_PATHS.login, jsonBody, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const { email, password } = parseInput(LoginBody, ctx.request.body);
    const user = await orm.em.fork().findOne(User, { email: normaliseEmail(email) });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok) throw new HttpError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong.');
    ctx.body = await issuer.issue(user);
  });

  router.get(USERS_AUTH_PATHS.jwks, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = await issuer.jwks();
  });
  return router;
}
