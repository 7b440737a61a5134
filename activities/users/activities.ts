import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  EVENT_TYPES,
  type RegisterUserInput,
  type UserCreatedData,
  type UserDto,
  type UsersActivities,
} from '../../contracts';
import { domainEvent, writeOutboxEvent } from '../../lib/outbox';
import { inTransaction } from '../../lib/sql-transaction';
import type { PlatformConfig } from '../../lib/config';
import { User } from './entities';

/** Dependencies of the users activities and API; `config.TOKEN_TTL` is the lifetime of the tokens the API signs. */
export interface UsersDeps {
  orm: MikroORM;
  config: Pick<PlatformConfig, 'TOKEN_TTL'>;
}

/** Maps a row to the public DTO (never the hash). */
export const toUserDto = (u: User): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  createdAt: u.createdAt.toISOString(),
});

/** Normalises an email for storage and lookup. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The `user.created` event of a new user; its id derives from the registration (the business key of `createUser`). */
const userCreatedEvent = (user: User) =>
  domainEvent<UserCreatedData>(
    EVENT_TYPES.userCreated,
    { userId: user.id, email: user.email, name: user.name, registrationId: user.registrationId },
    { source: 'users', businessKey: user.registrationId, correlationId: user.id, timestamp: user.createdAt },
  );

/** Builds the users activities; each call forks its own EntityManager. */
export function createUsersActivities({ orm }: UsersDeps): UsersActivities {
  const byRegistration = (registrationId: string) => orm.em.fork().findOne(User, { registrationId });

  return {
    async createUser(input: RegisterUserInput): Promise<UserDto> {
      const existing = await byRegistration(input.registrationId);
      if (existing) return toUserDto(existing);
      try {
        // The user and its `user.created` commit together, or neither does (a taken email rolls the event back).
        const user = await orm.em.fork().transactional(async (em) => {
          const created = em.create(User, {
            id: randomUUID(),
            email: normaliseEmail(input.email),
            name: input.name,
            passwordHash: input.passwordHash,
            registrationId: input.registrationId,
            createdAt: new Date(),
          });
          await em.flush();
          await writeOutboxEvent(inTransaction(em), userCreatedEvent(created), created.id);
          return created;
        });
        return toUserDto(user);
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        const mine = await byRegistration(input.registrationId);
        if (mine) return toUserDto(mine);
        throw ApplicationFailure.nonRetryable('This email is already registered.', ErrorTypes.EMAIL_TAKEN);
      }
    },
  };
}
