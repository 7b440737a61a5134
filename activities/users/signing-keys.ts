import type { MikroORM } from '@mikro-orm/core';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  type JWK,
  type KeyLike,
} from 'jose';
import { ACCESS_TOKEN } from '../../contracts';
import { SigningKey } from './entities';

/** The active signing key, ready to sign with. */
export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyLike;
}

/**
 * A new Ed25519 key pair: public JWK (with `kid` = its SHA-256 thumbprint, `alg`, `use`) and the private key as
 * PKCS#8 PEM.
 */
export async function generateSigningKey(): Promise<Omit<SigningKey, 'createdAt' | 'retiredAt'>> {
  const options = { crv: 'Ed25519', extractable: true };
  const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN.algorithm, options);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    kid,
    algorithm: ACCESS_TOKEN.algorithm,
    publicJwk: { ...jwk, kid, alg: ACCESS_TOKEN.algorithm, use: 'sig' },
    privateKeyPem: await exportPKCS8(privateKey),
  };
}

const findActive = (orm: MikroORM) => orm.em.fork().findOne(SigningKey, { retiredAt: null });

/**
 * Returns the active key, creating one when there is none; safe when replicas race (the partial unique index keeps
 * one, the others re-read it).
 */
export async function ensureSigningKey(orm: MikroORM): Promise<SigningKey> {
  const existing = await findActive(orm);
  if (existing) return existing;
  const key = await generateSigningKey();
  await orm.em.getConnection().execute(
    `insert into signing_keys (kid, algorithm, public_jwk, private_key_pem) values (?, ?, ?::jsonb, ?)
     on conflict do nothing`,
    [key.kid, key.algorithm, JSON.stringify(key.publicJwk), key.privateKeyPem],
  );
  const active = await findActive(orm);
  if (!active) throw new Error('no active signing key after inserting one');
  return active;
}

/** Builds a loader of the active private key (ensuring one exists); imported keys are cached by `kid`. */
export function activeKeyLoader(orm: MikroORM): () => Promise<ActiveSigningKey> {
  const imported = new Map<string, Promise<KeyLike>>();
  return async () => {
    const row = await ensureSigningKey(orm);
    let privateKey = imported.get(row.kid);
    if (!privateKey) {
      privateKey = importPKCS8(row.privateKeyPem, row.algorithm);
      imported.set(row.kid, privateKey);
      privateKey.catch(() => imported.delete(row.kid)); // a failed import is retried on the next call
    }
    return { kid: row.kid, privateKey: await privateKey };
  };
}

/** Public keys of every non-retired signing key, oldest first, as a JWKS. */
export async function publicJwks(orm: MikroORM): Promise<{ keys: JWK[] }> {
  const rows = await orm.em.fork().find(SigningKey, { retiredAt: null }, { orderBy: { createdAt: 'asc' } });
  return { keys: rows.map((r) => r.publicJwk) };
}
