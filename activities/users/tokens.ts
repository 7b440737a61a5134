import type { MikroORM } from '@mikro-orm/core';
import { SignJWT, type JWK } from 'jose';
import { ACCESS_TOKEN, type LoginResult } from '../../contracts';
import { activeKeyLoader, ensureSigningKey, publicJwks } from './signing-keys';

/** Signs access tokens with the active key and publishes the public keys. */
export interface TokenIssuer {
  /** A token for `user`: `sub` = user id, `email`, iss/aud of ACCESS_TOKEN, `kid` in the header. */
  issue(user: { id: string; email: string }): Promise<LoginResult>;
  /** The JWKS the gateway verifies tokens with. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/** Builds the token issuer of the users service; `ttlMs` is the token lifetime (TOKEN_TTL). */
export function createTokenIssuer({ orm, ttlMs }: { orm: MikroORM; ttlMs: number }): TokenIssuer {
  const activeKey = activeKeyLoader(orm);
  const expiresIn = Math.max(1, Math.floor(ttlMs / 1000));
  return {
    async issue(user) {
      const { kid, privateKey } = await activeKey();
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(ACCESS_TOKEN.issuer)
        .setAudience(ACCESS_TOKEN.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + expiresIn)
        .sign(privateKey);
      return { token, expiresIn };
    },
    async jwks() {
      await ensureSigningKey(orm); // never publish an empty set a gateway would cache
      return publicJwks(orm);
    },
  };
}
