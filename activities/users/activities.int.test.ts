// The users activities against the real users database: `createUser` writes the user and its `user.created` in one
// transaction, once per registration, and nothing for a taken email.
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { ErrorTypes, type RegisterUserInput } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import { activityRequest } from '../../lib/activity-request';
import { eventId } from '../../lib/outbox';
import { runActivity, activityFailure } from '../../test/support/activity-env';
import { outboxRows } from '../../test/support/outbox-rows';
import { openServiceDatabase } from '../../test/support/service-database';
import { createUsersActivities } from './activities';
import { usersDatabase } from './mikro-orm.config';

let orm: MikroORM;
let acts: ReturnType<typeof createUsersActivities>;

beforeAll(async () => {
  orm = await openServiceDatabase('users', usersDatabase);
  acts = createUsersActivities({ orm, config: { TOKEN_TTL: 3_600_000 } });
});
afterAll(() => orm.close(true));

const input = (over: Partial<RegisterUserInput> = {}): RegisterUserInput => ({
  registrationId: `test-${randomUUID()}`,
  email: `Outbox-${randomUUID()}@Example.com`,
  name: 'Ada Lovelace',
  passwordHash: 'not-a-real-hash',
  ...over,
});
const create = (i: RegisterUserInput) => runActivity(acts.createUser, i);

/** The outbox rows of a registration (found by the registration id in their data). */
const eventsOf = (registrationId: string) => outboxRows(orm, "event -> 'data' ->> 'registrationId'", registrationId);

describe('createUser: user.created', () => {
  it('is written once with the user, in its schema; a retried registration writes none', async () => {
    const i = input();
    const user = await activityRequest.run({ requestId: 'req-user-1' }, () => create(i));
    expect(await create(i)).toEqual(user);
    const rows = await eventsOf(i.registrationId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(eventSchemaProblems(row!.event)).toEqual([]);
    expect(row).toMatchObject({ type: 'user.created', id: row!.event.id, aggregate_id: user.id });
    expect(row!.event.id).toBe(eventId('user.created', i.registrationId));
    expect(row!.event.data).toEqual({
      userId: user.id,
      email: i.email.toLowerCase(),
      name: 'Ada Lovelace',
      registrationId: i.registrationId,
    });
    expect(row!.event.metadata).toMatchObject({
      source: 'users',
      correlationId: user.id,
      version: 1,
      requestId: 'req-user-1',
      timestamp: user.createdAt,
    });
  });

  it('writes one event when the same registration runs concurrently', async () => {
    const i = input();
    const users = await Promise.all([create(i), create(i), create(i)]);
    expect(new Set(users.map((u) => u.id)).size).toBe(1);
    expect((await eventsOf(i.registrationId)).map((r) => r.type)).toEqual(['user.created']);
  });

  it('writes nothing for another registration of a taken email (EMAIL_TAKEN)', async () => {
    const first = input();
    await create(first);
    const other = input({ email: first.email.toUpperCase() });
    const err = await activityFailure(create(other));
    expect([err.type, err.nonRetryable]).toEqual([ErrorTypes.EMAIL_TAKEN, true]);
    expect(await eventsOf(other.registrationId)).toEqual([]);
    expect(await eventsOf(first.registrationId)).toHaveLength(1);
  });
});
