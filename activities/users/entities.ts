import { EntitySchema } from '@mikro-orm/core';

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
