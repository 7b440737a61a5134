// Input validation and the one error style of every service's HTTP API: `{"error": {"code", "message", "details"?}}`.
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { DEFAULT_ERROR_CODES, errorAnswer, HttpError } from './http-error';

/** The error of a status nothing answered: no route (404), a route without this method (405; the router's 501 too). */
function unanswered(ctx: Context): HttpError {
  if (ctx.status === 405 || ctx.status === 501) {
    return new HttpError(405, 'METHOD_NOT_ALLOWED', `${ctx.method} is not allowed here.`);
  }
  if (ctx.status === 404) return new HttpError(404, 'NOT_FOUND', 'No such route.');
  return new HttpError(ctx.status, DEFAULT_ERROR_CODES[ctx.status] ?? 'INTERNAL', 'Request failed.');
}

/**
 * The first middleware of a service's HTTP app: every failure, and a 4xx nothing wrote a body for, answers in the one
 * error style, never with a stack trace. A request target Node's URL parser cannot read is 400. 5xx are emitted as
 * the app's `error` event (for the log).
 */
export async function serviceErrors(ctx: Context, next: Next): Promise<void> {
  try {
    try {
      void ctx.path;
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'The request target is not a valid URL.');
    }
    await next();
    if (ctx.status >= 400 && ctx.body == null) throw unanswered(ctx);
  } catch (err) {
    const { status, headers, error } = errorAnswer(err);
    ctx.status = status;
    ctx.set(headers);
    ctx.body = { error };
    if (status >= 500) ctx.app.emit('error', err, ctx);
  }
}

/** 404 NOT_FOUND naming what is missing, e.g. `notFound('order')`. */
export const notFound = (what: string): HttpError => new HttpError(404, 'NOT_FOUND', `${what} not found`);

/** Parses the id of a path (`/orders/:id`); a malformed one names no resource: 404 NOT_FOUND `<what> not found`. */
export function parseId<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw notFound(what);
  return result.data;
}

/**
 * The row a read found, or 404 NOT_FOUND `<what> not found` when there is none: the same answer parseId gives a
 * malformed id, so a caller cannot tell the two apart.
 */
export function found<T>(row: T | null | undefined, what: string): T {
  if (row == null) throw notFound(what);
  return row;
}

/** 401 with a code of the route's own, e.g. `unauthorized('INVALID_CREDENTIALS', 'Email or password is wrong.')`. */
export const unauthorized = (code: string, message: string): HttpError => new HttpError(401, code, message);

/**
 * An id in a path or query: 1 to 128 printable ASCII characters, no space (so no control character or NUL byte
 * reaches the database).
 */
export const Id = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'expected 1 to 128 printable ASCII characters');

/** Free text in a query (an email address, a name): 1 to 320 characters, no control characters. */
export const Text = z
  .string()
  .min(1)
  .max(320)
  .regex(/^[^\p{Cc}]+$/u, 'control characters are not allowed');

/** A query parameter given once or repeated (`?id=a&id=b`), as a list of at most `max` values. */
export const oneOrMany = <S extends z.ZodType>(schema: S, max: number) =>
  z.union([schema.transform((value) => [value]), z.array(schema).min(1).max(max)]);
