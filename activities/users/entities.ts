import { EntitySchema } from '@mikro-orm/core';
import type { JWK } from 'jose';

/** A registered account; `registrationId` makes `createUser` idempotent. */
export class User {
  id!: string;
  email!: string;
  name!: string;
  passwordHash!: string;
  registrationId!: string;
  createdAt: Date = new Date();
}

/** Table `users`: unique email (stored lower-case) and unique registration id. */
export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    name: { type: 'string' },
    passwordHash: { type: 'string', fieldName: 'password_hash' },
    registrationId: { type: 'string', unique: true, fieldName: 'registration_id' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});

/** A token-signing key pair; the one row with no `retiredAt` signs, every non-retired row is published in the JWKS. */
export class SigningKey {
  kid!: string;
  algorithm!: string;
  publicJwk!: JWK;
  privateKeyPem!: string;
  createdAt: Date = new Date();
  retiredAt?: Date | null;
}

/** Table `signing_keys`: a partial unique index allows one active (non-retired) key. */
export const SigningKeySchema = new EntitySchema<SigningKey>({
  class: SigningKey,
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'text', primary: true },
    algorithm: { type: 'text' },
    publicJwk: { type: 'json', fieldName: 'public_jwk' },
    privateKeyPem: { type: 'text', fieldName: 'private_key_pem' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    retiredAt: { type: 'Date', nullable: true, fieldName: 'retired_at' },
  },
});
