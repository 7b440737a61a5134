import type { GatewayClient } from './gateway-client';

/** A signed-in chaos customer. */
export interface ChaosCustomer {
  /** The user id: the subject of the token. */
  id: string;
  email: string;
  authorization: string;
}

/** The `sub` claim of a JWT (no verification: the gateway does that). */
export function tokenSubject(token: string): string {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  if (typeof sub !== 'string') throw new Error('the token names no subject');
  return sub;
}

const PASSWORD = 'chaos-suite-password';

/** Registers `email` (`POST /api/auth/register`) and signs in (`POST /api/auth/login`), retrying refusals until `deadlineMs` passes. */
export async function signUp(client: GatewayClient, email: string, deadlineMs: number): Promise<ChaosCustomer> {
  const until = Date.now() + deadlineMs;
  const registered = await client.postUntilAnswered('/api/auth/register', {
    body: { email, name: 'Chaos Customer', password: PASSWORD },
    route: 'POST /api/auth/register',
    deadlineMs,
  });
  if (![201, 202, 409].includes(registered.answer.status as number)) {
    throw new Error(
      `could not register ${email}: ${registered.answer.status} ${JSON.stringify(registered.answer.body)}`,
    );
  }
  // A 202 registration finishes in the background: login answers 401 until it has.
  for (;;) {
    const login = await client.postUntilAnswered('/api/auth/login', {
      body: { email, password: PASSWORD },
      route: 'POST /api/auth/login',
      deadlineMs: Math.max(1_000, until - Date.now()),
    });
    if (login.answer.status === 200) {
      const token = login.answer.body.token as string;
      return { id: tokenSubject(token), email, authorization: `Bearer ${token}` };
    }
    if (Date.now() > until)
      throw new Error(`could not sign in ${email}: ${login.answer.status} ${JSON.stringify(login.answer.body)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
