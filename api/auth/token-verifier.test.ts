import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { ACCESS_TOKEN } from '../../contracts';
import { HttpError } from '../http-error';
import { bearerToken, createTokenVerifier } from './token-verifier';

const KID = 'test-key-1';
const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
let privateKey: KeyLike;
let otherKey: KeyLike;
let server: http.Server;
let jwksUrl: string;
let requests = 0;
let answer: 'jwks' | 'error' | 'hang' = 'jwks';
let jwks: unknown;
let authorizations: (string | undefined)[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair(ACCESS_TOKEN.algorithm, { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair(ACCESS_TOKEN.algorithm, { crv: 'Ed25519' })).privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: ACCESS_TOKEN.algorithm, use: 'sig' }] };
  server = http.createServer((req, res) => {
    requests += 1;
    authorizations.push(req.headers.authorization);
    if (answer === 'hang') return; // never answers; the client's timeout must fire
    res.writeHead(answer === 'jwks' ? 200 : 500, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer === 'jwks' ? jwks : { error: 'boom' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  answer = 'jwks';
  authorizations = [];
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: JWTPayload = {}): JWTPayload => ({
  sub: 'customer-1',
  email: 'ada@example.com',
  iss: ACCESS_TOKEN.issuer,
  aud: ACCESS_TOKEN.audience,
  iat: now(),
  exp: now() + 600,
  ...over,
});
const sign = (
  payload: JWTPayload = claims(),
  key: KeyLike | Uint8Array = privateKey,
  alg: string = ACCESS_TOKEN.algorithm,
) => new SignJWT(payload).setProtectedHeader({ alg, kid: KID, typ: 'JWT' }).sign(key);
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err as HttpError,
  );

describe('createTokenVerifier', () => {
  const verifier = () => createTokenVerifier({ jwksUrl, timeoutMs: 300 });

  it('accepts a valid token and returns the customer id and email', async () => {
    await expect(verifier().verify(await sign())).resolves.toEqual({
      customerId: 'customer-1',
      email: 'ada@example.com',
    });
  });

  it('presents the internal credential when it fetches the key set', async () => {
    const withCredential = createTokenVerifier({ jwksUrl, timeoutMs: 300, internalToken: 'the-internal-token-0123' });
    await withCredential.verify(await sign());
    expect(authorizations).toEqual(['Bearer the-internal-token-0123']);
  });

  it('answers TOKEN_EXPIRED for an expired token', async () => {
    const err = await rejection(verifier().verify(await sign(claims({ iat: now() - 7200, exp: now() - 3600 }))));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED', headers: CHALLENGE });
  });

  const invalidCases: [string, () => Promise<string>][] = [
    ['a malformed token', async () => 'not.a.jwt'],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await sign()).split('.');
        const forged = Buffer.from(JSON.stringify(claims({ sub: 'customer-2' }))).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
    ],
    ['a token signed by another key under the same kid', () => sign(claims(), otherKey)],
    ['an HS256 token', () => sign(claims(), new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'), 'HS256')],
    ['an unsigned token (alg none)', async () => new UnsecuredJWT(claims()).encode()],
    ['a wrong issuer', () => sign(claims({ iss: 'someone-else' }))],
    ['a wrong audience', () => sign(claims({ aud: 'another-api' }))],
    ['a token without sub', () => sign(claims({ sub: undefined }))],
    ['a token without exp', () => sign(claims({ exp: undefined }))],
  ];
  it.each(invalidCases)('answers INVALID_TOKEN for %s', async (_name, make) => {
    const token = await make();
    const err = await rejection(verifier().verify(token));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({
      status: 401,
      code: 'INVALID_TOKEN',
      message: 'The access token is not valid.',
      headers: CHALLENGE,
    });
  });

  it('answers INVALID_TOKEN for an unknown kid', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: 'retired' })
      .sign(privateKey);
    await expect(verifier().verify(token)).rejects.toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('answers 503 when the users service is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    const err = await rejection(down.verify(await sign()));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'The users service is unavailable; try again.',
    });
  });

  it('answers 503 when the JWKS does not come within the timeout', async () => {
    answer = 'hang';
    const started = Date.now();
    await expect(verifier().verify(await sign())).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers 503 when the JWKS endpoint fails', async () => {
    answer = 'error';
    await expect(verifier().verify(await sign())).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('fetches the JWKS once for many verifications', async () => {
    const v = verifier();
    const before = requests;
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => sign(claims({ sub: `customer-${i}` }))));
    const concurrent = await Promise.all(tokens.map((t) => v.verify(t)));
    for (const t of tokens) await v.verify(t);
    expect(concurrent.map((c) => c.customerId)).toEqual(tokens.map((_, i) => `customer-${i}`));
    expect(requests - before).toBe(1);
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer header, whatever the scheme case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def-_.ghi')).toBe('abc.def-_.ghi');
    expect(bearerToken('BEARER  abc')).toBe('abc');
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Token abc', 'abc.def.ghi'])(
    'gives undefined for %p',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});
