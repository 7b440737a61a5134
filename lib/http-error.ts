/** An error an HTTP API (the gateway or a service) answers with as-is: HTTP status, stable code, safe message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Codes of HTTP errors raised by Koa and its middleware (router, body parser, rate limiter) rather than by a route. */
export const DEFAULT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
};

/** How any thrown value is answered: its status (a 4xx/5xx, else 500), its headers, and the body's `error` object. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  error: { code: string; message: string; details?: unknown };
}

/**
 * The one error style of every HTTP API of the platform, gateway and services: an HttpError as it says; an error of Koa
 * or its middleware with its status and the default code; its message only when it is a 4xx meant to be shown; never a
 * stack trace.
 */
export function errorAnswer(err: unknown): ErrorAnswer {
  const known = err instanceof HttpError;
  const raised = (err ?? {}) as {
    status?: number;
    statusCode?: number;
    expose?: boolean;
    message?: string;
    headers?: Record<string, string>;
  };
  const raw = known ? err.status : (raised.status ?? raised.statusCode ?? 500);
  const status = Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500;
  const shown = known || (status < 500 && raised.expose !== false); // HttpError messages are written to be shown
  return {
    status,
    headers: (known ? err.headers : raised.headers) ?? {},
    error: {
      code: known ? err.code : (DEFAULT_ERROR_CODES[status] ?? 'INTERNAL'),
      message: shown ? (raised.message ?? 'Request failed.') : 'Internal server error',
      ...(known && err.details !== undefined ? { details: err.details } : {}),
    },
  };
}
