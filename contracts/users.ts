/** Input of `registerUser`: the gateway derives the password hash, so no plaintext reaches workflow history. */
export interface RegisterUserInput {
  registrationId: string;
  email: string;
  name: string;
  passwordHash: string;
  requestId?: string;
}

/** A user as every other part sees it (never with the hash). */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** Result of `registerUser`: a taken email is a business outcome, not a failed workflow. */
export type RegisterUserResult = { ok: true; user: UserDto } | { ok: false; reason: 'EMAIL_TAKEN' };

/** Activities of the users service (task queue `users`). */
export interface UsersActivities {
  /** Creates the user, idempotent under `registrationId`; fails with type EMAIL_TAKEN when the email belongs to another registration. */
  createUser(input: RegisterUserInput): Promise<UserDto>;
}

/** Workflow id of one registration attempt. */
export const registerUserWorkflowId = (registrationId: string): string => `register-user-${registrationId}`;

/** What every access token carries and how it is signed; the users service signs, the gateway verifies exactly this. */
export const ACCESS_TOKEN = {
  issuer: 'durable-commerce/users',
  audience: 'durable-commerce/api',
  algorithm: 'EdDSA',
} as const;

/** Paths of the users service's auth API (on its HTTP port). */
export const USERS_AUTH_PATHS = { login: '/auth/login', jwks: '/.well-known/jwks.json' } as const;

/** Answer of a successful login: a bearer token whose subject is the user id, and its lifetime in seconds. */
export interface LoginResult {
  token: string;
  expiresIn: number;
}
