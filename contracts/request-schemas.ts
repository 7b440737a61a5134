import { z } from 'zod';

// Request schemas that more than one process validates: the gateway checks a body, then a service checks it again.
// Not exported from contracts/index.ts, so no zod reaches the workflow bundle (ESLint keeps workflows from importing it).

/** White space to JavaScript or to Python (JSON Schema validators differ on `\\s`), spelled out so both read it alike. */
const BLANK = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * `min` to `max` characters, counted as Unicode code points (as JSON Schema counts them), not as UTF-16 units, and no NUL
 * (PostgreSQL cannot store it: a workflow whose activity writes it would retry forever).
 */
export const chars = (min: number, max: number) =>
  z.string().regex(new RegExp(`^[^\\u0000]{${min},${max}}$`, 'u'), `${min} to ${max} characters, no NUL`);

/** 1 to `max` characters (code points as sent), not only white space; what is used is trimmed. */
export const text = (max: number) =>
  chars(1, max)
    .regex(new RegExp(`[^${BLANK}]`, 'u'), 'not only white space')
    .transform((s) => s.trim());

/** An email address as zod checks it, at most 320 characters. */
export const Email = z.email().max(320);

/** Body of a login (`POST /api/auth/login` at the gateway, `POST /auth/login` at the users service); unknown fields are refused. */
export const LoginBody = z.strictObject({
  email: Email,
  password: chars(1, 256),
});
