import {
  CircuitState,
  ConsecutiveBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { watchBreaker } from '../../lib/metrics';
import type { ServiceName } from '../../contracts';
import { serviceUrl, type PlatformConfig } from '../../lib/config';
import { INTERNAL_CHALLENGE, internalApiToken, internalAuthHeader } from '../../lib/internal-auth';
import { HttpError } from '../http-error';

/** Raised when a downstream service does not answer in time or fails; the gateway answers 503 for it. */
export class ServiceUnavailableError extends HttpError {
  constructor(service: string, reason: string) {
    super(503, 'SERVICE_UNAVAILABLE', `The ${service} service is unavailable.`, { reason });
  }
}

/** A non-2xx answer of a service; 4xx answers mean the service is up, so they never trip a breaker. */
class ServiceAnswer extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** A 401 of the service's credential check (not of a route such as login): the gateway and the service disagree on the credential. */
class CredentialRefused extends ServiceAnswer {
  constructor() {
    super(401);
  }
}

/** Throws CredentialRefused when `res` is the service refusing the internal credential (by its challenge). */
async function assertCredentialAccepted(res: Response): Promise<void> {
  if (res.status === 401 && res.headers.get('www-authenticate') === INTERNAL_CHALLENGE) {
    await res.body?.cancel();
    throw new CredentialRefused();
  }
}

/** State of a service's circuit breaker as the health route shows it. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Knobs of one service client; the defaults suit production, tests pass small values. */
export interface ServiceClientOptions {
  /** Budget of one call, connect to last body byte (default 1500 ms, `SERVICE_CALL_TIMEOUT`). */
  timeoutMs?: number;
  /** Consecutive failures (5xx, network error, timeout) that open the breaker (default 5). */
  consecutiveFailures?: number;
  /** How long an open breaker fails fast before it lets one trial call through (default 10 s). */
  halfOpenAfterMs?: number;
  /** Told when the breaker opens (warn), half-opens and closes again (info), and when the service refuses the credential (warn). */
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** The internal credential presented on every call (`Authorization: Bearer`); none when unset. */
  internalToken?: string;
  /** Told of every call that fails against the service (down, with the reason) and every one it answers (back); replaces the breaker's own log lines. */
  outage?: { down(reason: string): void; back(): void };
}

/** One GET with JSON answer; 404 gives `undefined`, other non-2xx a ServiceAnswer, a body that is not JSON a SyntaxError. */
async function fetchJson<T>(url: string, signal: AbortSignal, headers: Record<string, string>): Promise<T | undefined> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json', ...headers } });
  await assertCredentialAccepted(res);
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ServiceAnswer(res.status);
  }
  return (await res.json()) as T;
}

/** Reads of one downstream service: every call bounded by a timeout and guarded by that service's circuit breaker. */
export class ServiceClient {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private readonly timeoutMs: number;
  private readonly halfOpenAfterMs: number;
  private readonly headers: Record<string, string>;
  private readonly logger: ServiceClientOptions['logger'];
  private openedAt = 0;

  constructor(
    readonly service: string,
    readonly baseUrl: string,
    options: ServiceClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 1_500;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 10_000;
    this.headers = options.internalToken === undefined ? {} : internalAuthHeader(options.internalToken);
    this.logger = options.logger;
    const breakerLog = options.outage ? undefined : options.logger; // with an outage log, one line per outage instead of one per re-open
    this.breaker = circuitBreaker(
      handleWhen((err) => !(err instanceof ServiceAnswer && err.status < 500)),
      {
        halfOpenAfter: this.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.consecutiveFailures ?? 5),
      },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      breakerLog?.warn({ service, halfOpenAfterMs: this.halfOpenAfterMs }, 'circuit breaker opened: failing fast');
    });
    this.breaker.onHalfOpen(() => breakerLog?.info({ service }, 'circuit breaker half-open: trying one call'));
    this.breaker.onReset(() => breakerLog?.info({ service }, 'circuit breaker closed: service answers again'));
    watchBreaker(service, this.breaker);
    const { outage } = options;
    if (outage) {
      // a handled failure (5xx, network, timeout) counts against the service; any answer it gave (even a 4xx) shows it is up
      this.breaker.onSuccess(() => outage.back());
      this.breaker.onFailure(({ handled, reason }) =>
        handled ? outage.down(this.reason('error' in reason ? reason.error : reason.value)) : outage.back(),
      );
    }
    this.policy = wrap(this.breaker, timeout(this.timeoutMs, TimeoutStrategy.Aggressive));
  }

  /** The breaker's state; an open breaker whose wait is over shows `half-open` (its next call is the trial). */
  get state(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Open:
        return Date.now() - this.openedAt >= this.halfOpenAfterMs ? 'half-open' : 'open';
      default:
        return 'open';
    }
  }

  /** GETs `path` (e.g. `/products`) as JSON: 404 gives `undefined`; a failure, a timeout or an open breaker ServiceUnavailableError. */
  async getJson<T>(path: string): Promise<T | undefined> {
    try {
      return await this.policy.execute(({ signal }) => fetchJson<T>(this.baseUrl + path, signal, this.headers));
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /**
   * POSTs `body` as JSON to `path`: a 2xx answer gives `{status, body}`, and so does a 4xx (the service is up and said no,
   * which never trips the breaker); a refused credential, a 5xx, a failure, a timeout or an open breaker gives ServiceUnavailableError.
   * `timeoutMs` replaces the client's budget for a call known to be slow (a password check), under the same breaker.
   */
  async postJson<T>(
    path: string,
    body: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<{ status: number; body: T }> {
    const policy =
      options.timeoutMs === undefined
        ? this.policy
        : wrap(this.breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
    try {
      return await policy.execute(async ({ signal }) => {
        const res = await fetch(this.baseUrl + path, {
          method: 'POST',
          signal,
          body: JSON.stringify(body),
          headers: { accept: 'application/json', 'content-type': 'application/json', ...this.headers },
        });
        await assertCredentialAccepted(res);
        if (res.status >= 500) {
          await res.body?.cancel();
          throw new ServiceAnswer(res.status);
        }
        return { status: res.status, body: (await res.json()) as T };
      });
    } catch (err) {
      throw this.unavailable(err, options.timeoutMs);
    }
  }

  /** The 503 of a failed call; a refused credential is also logged, as it is a misconfiguration no retry cures. */
  private unavailable(err: unknown, timeoutMs = this.timeoutMs): ServiceUnavailableError {
    if (err instanceof CredentialRefused) {
      this.logger?.warn(
        { service: this.service },
        'the service refused the internal credential: do the gateway and the service share INTERNAL_API_TOKEN (or DATA_DIR)?',
      );
    }
    return new ServiceUnavailableError(this.service, this.reason(err, timeoutMs));
  }

  private reason(err: unknown, timeoutMs = this.timeoutMs): string {
    const flags = (err ?? {}) as { isBrokenCircuitError?: boolean; isTaskCancelledError?: boolean; message?: string };
    // cockatiel 3.2.1's isTaskCancelledError() tests the wrong flag, so read the flags its errors carry
    if (flags.isBrokenCircuitError) return 'circuit open: failing fast';
    if (flags.isTaskCancelledError) return `no answer within ${timeoutMs} ms`;
    return flags.message ?? String(err);
  }
}

/** The client of one service with the platform's settings (`SERVICE_CALL_TIMEOUT`, the internal credential); `options` override them (tests). */
export const serviceClient = (
  config: PlatformConfig,
  service: ServiceName,
  options: ServiceClientOptions = {},
): ServiceClient =>
  new ServiceClient(service, serviceUrl(config, service), {
    timeoutMs: config.SERVICE_CALL_TIMEOUT,
    ...options,
    internalToken: options.internalToken ?? internalApiToken(config),
  });

/** Breaker state of each client, by service name (for the gateway's health route). */
export const breakerStates = (clients: ServiceClient[]): Record<string, BreakerState> =>
  Object.fromEntries(clients.map((c) => [c.service, c.state]));
