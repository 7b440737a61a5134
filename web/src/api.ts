// The gateway's public API, same origin: JSON in and out, the one error shape `{error: {code, message, requestId}}`.
import { currentSession, signOut } from './session';

/** A refusal of the API (or no answer at all: status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** What was wrong with each field of a refused request (400 VALIDATION_FAILED). */
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** An answer of the API: status, parsed body, headers. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

interface ErrorBody {
  error?: { code?: string; message?: string; requestId?: string; details?: unknown };
}

/** Options of one call: `auth` sends the session's bearer token (and signs out when the gateway refuses it). */
export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The Authorization header of the current session (none when signed out). */
export function authHeader(): Record<string, string> {
  const session = currentSession();
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

/** Calls `path` of the API; resolves with any 2xx answer, rejects with an ApiError otherwise. */
export async function call<T>(path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.auth) Object.assign(headers, authHeader());
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK', 'The shop could not be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { status: res.status, body: body as T, headers: res.headers };
  const error = (body as ErrorBody | undefined)?.error;
  if (res.status === 401 && options.auth) signOut(); // expired or refused: the pages ask the customer to sign in again
  throw new ApiError(
    res.status,
    error?.code ?? `HTTP_${res.status}`,
    error?.message ?? `The shop answered ${res.status}.`,
    error?.requestId ?? res.headers.get('X-Request-Id') ?? undefined,
    Array.isArray(error?.details) ? (error.details as { path: string; message: string }[]) : [],
  );
}

/** The message to show a person for a failed call. */
export function problem(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'RATE_LIMITED') return 'Too many requests right now. Please wait a moment and try again.';
    if (err.status >= 500) return `${err.message} Please try again in a moment.`;
    if (err.details.length > 0)
      return `${err.message} ${err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}.`;
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}
