import { requestJson, sleep, type AnswerCounts, type BenchAnswer } from './http';
import { pacedLimit, pickWindow, SlidingWindow } from './pacer';

/** The gateway's rate limits the bench stays under (`RATE_LIMIT_*` of lib/config.ts). */
export interface GatewayLimits {
  /** Every `/api` request, per customer (else per client IP), per minute. */
  perMinute: number;
  /** `POST /api/orders` per customer per minute. */
  ordersPerMinute: number;
  /** `POST /api/auth/login` per client IP per minute. */
  loginPerMinute: number;
}

/** A signed-in bench customer and the bookkeeping of its order limit. */
export interface BenchCustomer {
  email: string;
  authorization: string;
  orders: SlidingWindow;
  lastUsed: number;
}

/** Time the bench spent waiting so as not to reach a limit. */
export interface PacingStats {
  waits: number;
  waitedMs: number;
}

const MINUTE = 60_000;
const PASSWORD = 'bench-customer-password';

/** Waits until `window` allows one more event, records it, and adds any wait to `stats`. */
export async function pace(window: SlidingWindow, stats: PacingStats): Promise<void> {
  for (;;) {
    const wait = window.waitMs(Date.now());
    if (wait === 0) break;
    stats.waits += 1;
    stats.waitedMs += wait;
    await sleep(wait);
  }
  window.record(Date.now());
}

/**
 * Blocks `window` as an answer asks: after a 429 for its Retry-After, when none is left until its reset. Both are whole
 * seconds rounded down (0 when less than a second is left), so at least a second plus a quarter is waited.
 */
export function heed(window: SlidingWindow, answer: BenchAnswer, now = Date.now()): void {
  const seconds =
    answer.status === 429
      ? (answer.retryAfterS ?? 1)
      : answer.rateLimit && answer.rateLimit.remaining <= 0
        ? answer.rateLimit.resetS
        : undefined;
  if (seconds !== undefined) window.block(now + Math.max(1, seconds) * 1000 + 250);
}

/**
 * The bench's anonymous traffic to one gateway (sign-ups, logins, catalog reads), all from one client IP: paced under
 * the per-IP limits, counted per route, a 429 waited out and counted.
 */
export class AnonymousClient {
  /** Every anonymous `/api` request (the per-IP bucket of `RATE_LIMIT_PER_MINUTE`). */
  readonly api: SlidingWindow;
  readonly logins: SlidingWindow;
  readonly pacing: PacingStats = { waits: 0, waitedMs: 0 };

  constructor(
    readonly gateway: string,
    readonly limits: GatewayLimits,
    readonly counts: AnswerCounts,
  ) {
    this.api = new SlidingWindow(pacedLimit(limits.perMinute, 20), MINUTE);
    this.logins = new SlidingWindow(pacedLimit(limits.loginPerMinute, 1), MINUTE);
  }

  /** One anonymous request, paced (and retried after a 429, at most `tries` times). */
  async request(method: string, path: string, body?: unknown, tries = 20): Promise<BenchAnswer> {
    const login = path === '/api/auth/login';
    for (let attempt = 1; ; attempt++) {
      if (login) await pace(this.logins, this.pacing);
      await pace(this.api, this.pacing);
      const answer = await requestJson(`${this.gateway}${path}`, {
        method,
        body,
        route: `${method} ${path}`,
        counts: this.counts,
      });
      heed(login ? this.logins : this.api, answer);
      if (answer.status !== 429 || attempt >= tries) return answer;
    }
  }

  /** Registers `email` and signs in; throws naming the answer when either is refused. */
  async signUp(email: string): Promise<BenchCustomer> {
    const registered = await this.request('POST', '/api/auth/register', {
      email,
      name: 'Bench Customer',
      password: PASSWORD,
    });
    if (![201, 202, 409].includes(registered.status as number))
      throw new Error(`could not register ${email}: ${registered.status} ${JSON.stringify(registered.body)}`);
    // a 202 registration completes in the background; login answers 401 until it has
    for (let attempt = 1; ; attempt++) {
      const login = await this.request('POST', '/api/auth/login', { email, password: PASSWORD });
      if (login.status === 200 && typeof login.body.token === 'string')
        return { email, authorization: `Bearer ${login.body.token}`, orders: ordersWindow(this.limits), lastUsed: 0 };
      if (login.status !== 401 || registered.status !== 202 || attempt >= 5)
        throw new Error(`could not sign in ${email}: ${login.status} ${JSON.stringify(login.body)}`);
      await sleep(2_000);
    }
  }
}

/** The order window of one customer: a margin of 2 under `RATE_LIMIT_ORDERS_PER_MINUTE`. */
export const ordersWindow = (limits: GatewayLimits): SlidingWindow =>
  new SlidingWindow(pacedLimit(Math.min(limits.ordersPerMinute, limits.perMinute), 2), MINUTE);

/** The signed-in customers orders rotate over: the least recently used one whose order limit allows one more. */
export class CustomerPool {
  readonly pacing: PacingStats = { waits: 0, waitedMs: 0 };

  constructor(readonly customers: BenchCustomer[]) {
    if (customers.length === 0) throw new Error('the customer pool is empty');
  }

  /** The customer for the next order, its POST already counted in its window (waits when every one is at its limit). */
  async take(): Promise<BenchCustomer> {
    for (;;) {
      const now = Date.now();
      const { index, waitMs } = pickWindow(
        this.customers.map((c) => ({ window: c.orders, lastUsed: c.lastUsed })),
        now,
      );
      const customer = this.customers[index]!;
      if (waitMs === 0) {
        customer.orders.record(now);
        customer.lastUsed = now;
        return customer;
      }
      this.pacing.waits += 1;
      this.pacing.waitedMs += waitMs;
      await sleep(waitMs);
    }
  }

  /** Waits until `customer` may POST again (a retry under the same Idempotency-Key must come from the same one). */
  async again(customer: BenchCustomer): Promise<void> {
    await pace(customer.orders, this.pacing);
    customer.lastUsed = Date.now();
  }
}
