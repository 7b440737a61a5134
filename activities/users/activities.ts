import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import { ErrorTypes, type RegisterUserInput, type UserDto, type UsersActivities } from '../../contracts';
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

/** Builds the users activities; each call forks its own EntityManager. */
export function createUsersActivities({ orm }: UsersDeps): UsersActivities {
  const byRegistration = (registrationId: string) => orm.em.fork().findOne(User, { registrationId });

  return {
    async createUser(input: RegisterUserInput): Promise<UserDto> {
      const existing = await byRegistration(input.registrationId);
      if (existing) return toUserDto(existing);
      const em = orm.em.fork();
      const user = em.create(User, {
        id: randomUUID(),
        email: normaliseEmail(input.email),
        name: input.name,
        passwordHash: input.passwordHash,
        registrationId: input.registrationId,
        createdAt: new Date(),
      });
      try {
        await em.flush();
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
