import http from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ACCESS_TOKEN } from '../../contracts';
import { closeServer, listenLocal } from '../../test/support/local-server';
import { createTokenVerifier } from './token-verifier';

describe('createTokenVerifier with an outage log', () => {
  it('tells it down when the key set cannot be fetched (the 503 case) and back when it can', async () => {
    const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN.algorithm, { crv: 'Ed25519' });
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: ACCESS_TOKEN.algorithm, use: 'sig' }] };
    const state = { up: false };
    const server = http.createServer((_req, res) => {
      res.writeHead(state.up ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state.up ? jwks : { error: 'down' }));
    });
    const base = await listenLocal(server);
    try {
      const told: string[] = [];
      const outage = {
        down: (reason: string) => void told.push(`down: ${reason}`),
        back: () => void told.push('back'),
      };
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        sub: 'c-1',
        iss: ACCESS_TOKEN.issuer,
        aud: ACCESS_TOKEN.audience,
        iat: now,
        exp: now + 600,
      })
        .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: 'k1' })
        .sign(privateKey);
      const verifier = createTokenVerifier({ jwksUrl: `${base}/.well-known/jwks.json`, timeoutMs: 300, outage });
      await expect(verifier.verify(token)).rejects.toMatchObject({ status: 503 });
      state.up = true;
      await expect(verifier.verify(token)).resolves.toMatchObject({ customerId: 'c-1' });
      expect(told).toEqual([expect.stringMatching(/^down: .+/), 'back']);
    } finally {
      await closeServer(server);
    }
  });
});
