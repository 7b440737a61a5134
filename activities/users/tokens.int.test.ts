import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ACCESS_TOKEN, USERS_AUTH_PATHS, type LoginResult } from '../../contracts';
import { internalAuthHeader } from '../../lib/internal-auth';
import { hashPassword } from '../../lib/password';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import { openServiceDatabase } from '../../test/support/service-database';
import { createHealthApp } from '../../lib/health-app';
import { User } from './entities';
import { createUsersRouter } from './http';
import { usersDatabase } from './mikro-orm.config';
import { ensureSigningKey } from './signing-keys';
import { createTokenIssuer } from './tokens';

const TTL_MS = 3_600_000;
const PASSWORD = 'correct horse battery staple';
/** The credential the users API under test requires. */
const TOKEN = 'users-api-test-token-0123';
const AUTH = internalAuthHeader(TOKEN);
let orm: MikroORM;
let server: http.Server;
let baseUrl: string;
let user: User;

beforeAll(async () => {
  orm = await openServiceDatabase('users', usersDatabase);
  const em = orm.em.fork();
  user = em.create(User, {
    id: randomUUID(),
    email: `login-${randomUUID()}@example.com`,
    name: 'Ada',
    passwordHash: await hashPassword(PASSWORD),
    registrationId: `test-${randomUUID()}`,
    createdAt: new Date(),
  });
  await em.flush();
  server = http.createServer(
    createHealthApp('users', {}, createUsersRouter({ orm, config: { TOKEN_TTL: TTL_MS } }), {
      internalToken: TOKEN,
    }).callback(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await orm.close(true);
});

const post = async (body: unknown, contentType = 'application/json') => {
  const res = await fetch(baseUrl + USERS_AUTH_PATHS.login, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const verify = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(baseUrl + USERS_AUTH_PATHS.jwks), { headers: AUTH }), {
    algorithms: [ACCESS_TOKEN.algorithm],
    issuer: ACCESS_TOKEN.issuer,
    audience: ACCESS_TOKEN.audience,
  });
const activeKids = async () =>
  (
    await orm.em.getConnection().execute<{ kid: string }[]>('select kid from signing_keys where retired_at is null')
  ).map((r: { kid: string }) => r.kid);
const INVALID = { error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' } };

describe('POST /auth/login', () => {
  it('answers a token that verifies against the served JWKS, for any case of the email', async () => {
    const res = await post({ email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), expiresIn: TTL_MS / 1000 });
    const { payload, protectedHeader } = await verify((res.body as unknown as LoginResult).token);
    expect(payload).toMatchObject({
      sub: user.id,
      email: user.email,
      iss: ACCESS_TOKEN.issuer,
      aud: ACCESS_TOKEN.audience,
    });
    expect(payload.exp! - payload.iat!).toBe(TTL_MS / 1000);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
  });

  it("issues tokens the gateway's verifier accepts", async () => {
    const { body } = await post({ email: user.email, password: PASSWORD });
    const verifier = createTokenVerifier({ jwksUrl: baseUrl + USERS_AUTH_PATHS.jwks, internalToken: TOKEN });
    await expect(verifier.verify((body as unknown as LoginResult).token)).resolves.toEqual({
      customerId: user.id,
      email: user.email,
    });
  });

  it('answers 401 for a wrong password and the same body for an unknown email', async () => {
    const wrong = await post({ email: user.email, password: 'not the password' });
    const unknown = await post({ email: `nobody-${randomUUID()}@example.com`, password: PASSWORD });
    expect(wrong).toEqual({ status: 401, body: INVALID });
    expect(unknown).toEqual({ status: 401, body: INVALID });
  });

  it.each([
    ['a missing password', { email: 'ada@example.com' }],
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }],
    ['an unknown field', { email: 'ada@example.com', password: PASSWORD, admin: true }],
  ])('answers 400 VALIDATION_FAILED for %s', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details: expect.any(Array) },
    });
    expect((res.body.error as { details: unknown[] }).details.length).toBeGreaterThan(0);
  });

  it('answers 400 INVALID_JSON for broken JSON, 415 for another content type and 413 past 16 KB', async () => {
    expect(await post('{"email":')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    expect(await post('email=a', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
    expect(await post({ email: user.email, password: 'x'.repeat(20_000) })).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the kid of the token header, cacheable for five minutes, and no private parts', async () => {
    const { body } = await post({ email: user.email, password: PASSWORD });
    const { kid } = decodeProtectedHeader((body as unknown as LoginResult).token);
    const res = await fetch(baseUrl + USERS_AUTH_PATHS.jwks, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
    expect(jwks.keys.find((k) => k.kid === kid)).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });
});

describe('signing keys', () => {
  it('keeps one active key when several workers ensure it at once, and the database refuses a second', async () => {
    const conn = orm.em.getConnection();
    const before = await activeKids();
    await conn.execute('update signing_keys set retired_at = now() where retired_at is null'); // force a race to create one
    try {
      const keys = await Promise.all(Array.from({ length: 5 }, () => ensureSigningKey(orm)));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
      expect(await activeKids()).toEqual([keys[0].kid]);
      // what the loser of a race does: its insert is a no-op, and a plain second insert is refused
      const insert = `insert into signing_keys (kid, algorithm, public_jwk, private_key_pem) values (?, 'EdDSA', '{}'::jsonb, 'x')`;
      await conn.execute(`${insert} on conflict do nothing`, [randomUUID()]);
      expect(await activeKids()).toEqual([keys[0].kid]);
      await expect(conn.execute(insert, [randomUUID()])).rejects.toMatchObject({
        code: '23505',
        constraint: 'signing_keys_one_active',
      });
    } finally {
      if (before.length > 0) {
        // give the stack back the key its tokens were signed with
        await conn.execute('update signing_keys set retired_at = now() where retired_at is null');
        await conn.execute('update signing_keys set retired_at = null where kid = ?', [before[0]]);
      }
    }
  });

  it('signs with the same key after a restart, so earlier tokens stay valid', async () => {
    const first = await createTokenIssuer({ orm, ttlMs: TTL_MS }).issue(user);
    const restarted = createTokenIssuer({ orm, ttlMs: TTL_MS });
    const second = await restarted.issue(user);
    expect(decodeProtectedHeader(second.token).kid).toBe(decodeProtectedHeader(first.token).kid);
    await expect(verify(first.token)).resolves.toMatchObject({ payload: { sub: user.id } });
    expect((await restarted.jwks()).keys).toHaveLength(1);
  });
});
