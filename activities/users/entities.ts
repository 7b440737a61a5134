import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JWK } from 'jose';
import { defineOutboxEntity } from '../../lib/outbox-table';

/**
 * Table `users`: a registered account. Unique email (stored lower-case) and unique `registrationId`, which makes
 * `createUser` idempotent.
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.string(),
    registrationId: p.string().unique(),
    createdAt: p.datetime(),
  },
});

/** A row of `users`. */
export type User = InferEntity<typeof User>;

/**
 * Table `signing_keys`: a token-signing key pair. The one row with no `retiredAt` signs (a partial unique index allows
 * one), every non-retired row is published in the JWKS.
 */
export const SigningKey = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: p.text().primary(),
    algorithm: p.text(),
    publicJwk: p.json<JWK>(),
    privateKeyPem: p.text(),
    createdAt: p.datetime(),
    retiredAt: p.datetime().nullable(),
  },
});

/** A row of `signing_keys`. */
export type SigningKey = InferEntity<typeof SigningKey>;

/** Table `outbox`: the users service's domain events, as every service defines it (`lib/outbox-table.ts`). */
export const OutboxEvent = defineOutboxEntity();

/** A row of `outbox`. */
export type OutboxEvent = InferEntity<typeof OutboxEvent>;
