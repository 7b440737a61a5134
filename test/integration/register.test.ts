import { randomUUID } from 'node:crypto';
import { api, eventually } from '../support/http';
import { query } from '../support/databases';
import { listWorkflows, temporal } from '../support/temporal-cli';

const email = () => `user-${randomUUID()}@example.com`;
const register = (body: unknown) => api('POST', '/api/auth/register', body);

describe('POST /api/auth/register on the real stack', () => {
  it('creates the user in the users database, answers 201, and the user.created event brings the welcome email (notifications database)', async () => {
    const address = email();
    const res = await register({
      email: address.toUpperCase(),
      name: 'Ada Lovelace',
      password: 'correct horse battery',
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email: address, name: 'Ada Lovelace' });
    const users = await query<{ id: string; password_hash: string }>(
      'users',
      'select id, password_hash from users where email = $1',
      [address],
    );
    expect(users).toHaveLength(1);
    expect(users[0].id).toBe(res.body.id);
    expect(users[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(users[0].password_hash).not.toContain('correct horse');
    const welcomes = () =>
      query<{ template: string; payload: { userId: string } }>(
        'notifications',
        'select template, payload from notifications where recipient = $1',
        [address],
      );
    await eventually(async () => (await welcomes()).length > 0, 10_000);
    expect(await welcomes()).toEqual([{ template: 'welcome', payload: { userId: res.body.id, name: 'Ada Lovelace' } }]);
  });

  it('shows the registration in `temporal workflow list` as a completed registerUser workflow', async () => {
    const res = await register({ email: email(), name: 'Grace', password: 'correct horse battery' });
    expect(res.status).toBe(201);
    const found = await eventually(
      async () => listWorkflows("WorkflowType='registerUser' AND ExecutionStatus='Completed'").length > 0,
      15_000,
    );
    expect(found).toBe(true);
    const described = temporal('workflow', 'list', '--query', "WorkflowType='registerUser'");
    expect(described.status).toBe(0);
    expect(described.stdout).toContain('registerUser');
  });

  it('answers 409 for a taken email (any case) and leaves no failed workflow behind', async () => {
    const address = email();
    expect((await register({ email: address, name: 'First', password: 'correct horse battery' })).status).toBe(201);
    const again = await register({ email: address.toUpperCase(), name: 'Second', password: 'another password' });

    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: 'EMAIL_TAKEN', message: expect.any(String), requestId: expect.any(String) },
    });
    expect(await query('users', 'select 1 from users where email = $1', [address])).toHaveLength(1);
    expect(listWorkflows("WorkflowType='registerUser' AND ExecutionStatus!='Completed'")).toEqual([]);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', name: 'X', password: 'long enough' }],
    ['a short password', { email: 'short@example.com', name: 'X', password: 'short' }],
    ['an unknown field', { email: 'extra@example.com', name: 'X', password: 'long enough', role: 'admin' }],
    ['a missing name', { email: 'noname@example.com', password: 'long enough' }],
  ])('answers 400 with a JSON error for %s and starts no workflow', async (_case, body) => {
    const before = listWorkflows("WorkflowType='registerUser'").length;
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', requestId: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    expect(listWorkflows("WorkflowType='registerUser'").length).toBe(before);
  });
});
