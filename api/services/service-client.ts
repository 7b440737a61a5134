import { HttpError } from '../http-error';

/** Raised when a downstream service does not answer in time or fails; the gateway answers 503 for it. */
export class ServiceUnavailableError extends HttpError {
  constructor(service: string, reason: string) {
    super(503, 'SERVICE_UNAVAILABLE', `The ${service} service is unavailable.`, { reason });
  }
}

/** GETs JSON from a service's read API with a timeout; 404 gives `undefined`, other failures ServiceUnavailableError. */
export async function getJson<T>(service: string, url: string, timeoutMs = 3_000): Promise<T | undefined> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new ServiceUnavailableError(service, err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((err as Error).message));
  }
  if (res.status === 404) return undefined;
  if (!res.ok) throw new ServiceUnavailableError(service, `HTTP ${res.status}`);
  return (await res.json()) as T;
}
