import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { paymentProviderDuration, watchBreaker } from '../../lib/metrics';

/**
 * Failure of a provider call: `transient` ones (network, timeout, 5xx, open circuit) are worth retrying, the others are
 * answers (4xx).
 */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

/** Settings of the provider client. */
export interface PaymentProviderClientOptions {
  /** Base URL of the provider, e.g. `http://127.0.0.1:3010`. */
  baseUrl: string;
  /** Per-call timeout in milliseconds (default 5000). */
  timeoutMs?: number;
  /** Consecutive transient failures that open the breaker (default 5). */
  breakerThreshold?: number;
  /** Time before an open breaker lets one trial call through, in milliseconds (default 10 000). */
  halfOpenAfterMs?: number;
}

/** A charge as the provider returns it. */
export interface ProviderCharge {
  id: string;
  status: string;
  amountCents: number;
  currency: string;
}

/** A refund as the provider returns it. */
export interface ProviderRefund {
  id: string;
  chargeId: string;
  amountCents: number;
}

const isTransient = (err: Error) => !(err instanceof PaymentProviderError) || err.transient;

/** HTTP client of the payment provider: per-call timeout, and a circuit breaker so that a dead provider fails fast. */
export class PaymentProviderClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  /** The breaker; only transient failures count, declines and other 4xx do not. */
  readonly breaker: CircuitBreakerPolicy;

  constructor(opts: PaymentProviderClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: opts.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 5),
    });
    watchBreaker('payment-provider', this.breaker);
  }

  /** Charges once per `idempotencyKey` (a repeated key returns the same provider charge). */
  charge(
    idempotencyKey: string,
    body: { amountCents: number; currency: string; token: string },
  ): Promise<ProviderCharge> {
    return this.post<ProviderCharge>('/v1/charges', idempotencyKey, body);
  }

  /** Refunds a provider charge once per `idempotencyKey`. */
  refund(idempotencyKey: string, body: { chargeId: string; amountCents: number }): Promise<ProviderRefund> {
    return this.post<ProviderRefund>('/v1/refunds', idempotencyKey, body);
  }

  /** The charge made under `idempotencyKey`, if the provider has one (for a client that lost the provider's answer). */
  async findCharge(idempotencyKey: string): Promise<ProviderCharge | undefined> {
    const path = `/v1/charges?idempotencyKey=${encodeURIComponent(idempotencyKey)}`;
    const page = await this.call<{ items: ProviderCharge[] }>('GET', path);
    return page.items[0];
  }

  private post<T>(path: string, idempotencyKey: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body, idempotencyKey);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    try {
      return await this.breaker.execute(() => this.send<T>(method, path, body, idempotencyKey));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new PaymentProviderError('payment provider circuit open', true, undefined, 'circuit_open');
      }
      throw err;
    }
  }

  /** One call, its duration observed in `payment_provider_request_duration_seconds` by operation and outcome. */
  private async send<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const operation = path.startsWith('/v1/refunds') ? 'refund' : method === 'GET' ? 'find_charge' : 'charge';
    const stop = paymentProviderDuration.startTimer({ operation });
    try {
      const answer = await this.exchange<T>(method, path, body, idempotencyKey);
      stop({ outcome: 'ok' });
      return answer;
    } catch (err) {
      const transient = !(err instanceof PaymentProviderError) || err.transient;
      stop({ outcome: transient ? 'unavailable' : 'refused' });
      throw err;
    }
  }

  private async exchange<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: idempotencyKey ? { 'content-type': 'application/json', 'idempotency-key': idempotencyKey } : {},
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const reason =
        e.name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
      throw new PaymentProviderError(`payment provider unavailable: ${reason}`, true);
    }
    const json = parseJson(text);
    if (res.status >= 500) {
      throw new PaymentProviderError(`payment provider unavailable: HTTP ${res.status}`, true, res.status);
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      const message = error?.message ?? `payment provider answered HTTP ${res.status}`;
      throw new PaymentProviderError(message, false, res.status, error?.code);
    }
    if (json === undefined) {
      throw new PaymentProviderError('payment provider unavailable: answer is not JSON', true, res.status);
    }
    return json as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
