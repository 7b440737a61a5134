import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { z } from 'zod';
import { SERVICE_READ_PATHS, USERS_AUTH_PATHS, itemRoute } from '../../contracts';
import { LoginBody } from '../../contracts/request-schemas';
import { jsonBody } from '../../lib/json-body';
import { found, parseId, unauthorized } from '../../lib/service-api';
import { NoQuery, parseInput } from '../../lib/validation';
import { hashPassword, verifyPassword } from '../../lib/password';
import { User } from './entities';
import { normaliseEmail, toUserDto, type UsersDeps } from './activities';
import { createTokenIssuer } from './tokens';

/** Largest login body the users service reads. */
const BODY_LIMIT = '16kb';

/** API of the users service: `GET /users/:id`, `POST /auth/login` and the token JWKS. */
export function createUsersRouter({ orm, config }: UsersDeps): Router {
  const router = new Router();
  const issuer = createTokenIssuer({ orm, ttlMs: config.TOKEN_TTL });
  // checked when the email is unknown, so both failures cost one scrypt run
  const dummyHash = hashPassword(randomUUID());
  dummyHash.catch(() => undefined);

  router.get(itemRoute(SERVICE_READ_PATHS.users), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const id = parseId(z.guid(), ctx.params.id, 'user'); // the column is a uuid: anything else is a database error
    ctx.body = toUserDto(found(await orm.em.fork().findOne(User, { id }), 'user'));
  });

  router.post(USERS_AUTH_PATHS.login, jsonBody(BODY_LIMIT), async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const { email, password } = parseInput(LoginBody, ctx.request.body);
    const user = await orm.em.fork().findOne(User, { email: normaliseEmail(email) });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok) throw unauthorized('INVALID_CREDENTIALS', 'Email or password is wrong.');
    ctx.body = await issuer.issue(user);
  });

  router.get(USERS_AUTH_PATHS.jwks, async (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = await issuer.jwks();
  });

  return router;
}
