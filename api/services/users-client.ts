import { USERS_AUTH_PATHS, type LoginResult } from '../../contracts';
import { HttpError } from '../http-error';
import type { ServiceClient } from './service-client';

/**
 * Budget of a login call: the users service runs one scrypt check per attempt (about 100 ms alone, on purpose), and many
 * sign-ins at once on a small machine queue behind each other, so the read budget (`SERVICE_CALL_TIMEOUT`) is too short.
 */
export const LOGIN_BUDGET_MS = 5_000;

/** Calls of the users service's auth API (through its breaker). */
export class UsersClient {
  constructor(private readonly users: Pick<ServiceClient, 'postJson'>) {}

  /** Exchanges email and password for a token; wrong credentials are 401 INVALID_CREDENTIALS, the service down 503. */
  async login(credentials: { email: string; password: string }): Promise<LoginResult> {
    const answer = await this.users.postJson<LoginResult>(USERS_AUTH_PATHS.login, credentials, {
      timeoutMs: LOGIN_BUDGET_MS,
    });
    if (answer.status === 200) return answer.body;
    if (answer.status === 401) {
      // RFC 9110 §15.5.2: every 401 carries a challenge; a token from this route is then sent as a Bearer credential
      throw new HttpError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong.', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'The users service could not sign you in; try again.', {
      reason: `HTTP ${answer.status}`,
    });
  }
}
