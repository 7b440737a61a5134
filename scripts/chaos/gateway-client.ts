import { backoffMs, isRetryable, type AnswerStatus } from './retry-policy';

/** One answer the gateway gave (or did not give). */
export interface Answer {
  status: AnswerStatus;
  body: Record<string, unknown>;
  retryAfterSeconds?: number;
}

/** Counts answers by route and status, for the report. */
export class AnswerLog {
  readonly counts = new Map<string, Map<string, number>>();

  /** Records one answer to `route`. */
  record(route: string, status: AnswerStatus): void {
    const byStatus = this.counts.get(route) ?? new Map<string, number>();
    byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
    this.counts.set(route, byStatus);
  }

  /** Rows `route, status, count`, sorted by route then status. */
  rows(): { route: string; status: string; count: number }[] {
    return [...this.counts]
      .flatMap(([route, byStatus]) => [...byStatus].map(([status, count]) => ({ route, status, count })))
      .sort((a, b) => a.route.localeCompare(b.route) || a.status.localeCompare(b.status));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A JSON client of the gateway that records every answer, and retries refused POSTs like a real client. */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    readonly log: AnswerLog,
    private readonly jitter: () => number = Math.random,
  ) {}

  /** One request (bounded by `timeoutMs`); the answer is recorded under `route` when given. */
  async request(
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string>; route?: string; timeoutMs?: number } = {},
  ): Promise<Answer> {
    let answer: Answer;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
      });
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { text };
      }
      const retryAfter = res.headers.get('retry-after');
      answer = { status: res.status, body, ...(retryAfter !== null ? { retryAfterSeconds: Number(retryAfter) } : {}) };
    } catch (err) {
      const name = (err as Error)?.name;
      answer = {
        status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network-error',
        body: { error: String((err as Error)?.message ?? err) },
      };
    }
    if (opts.route) this.log.record(opts.route, answer.status);
    return answer;
  }

  /**
   * POSTs the same request (same headers, so the same Idempotency-Key) until it gets an answer that is not refused (see
   * isRetryable), backing off between tries, or until `deadlineMs` passes; returns the last answer and the tries made.
   */
  async postUntilAnswered(
    path: string,
    opts: { body?: unknown; headers?: Record<string, string>; route: string; deadlineMs: number; timeoutMs?: number },
  ): Promise<{ answer: Answer; tries: number }> {
    const deadline = Date.now() + opts.deadlineMs;
    for (let tries = 1; ; tries++) {
      const left = deadline - Date.now();
      const answer = await this.request('POST', path, {
        ...opts,
        timeoutMs: Math.max(1_000, Math.min(opts.timeoutMs ?? 20_000, left)),
      });
      if (!isRetryable(answer.status)) return { answer, tries };
      const wait = backoffMs(tries, this.jitter(), answer.retryAfterSeconds);
      if (Date.now() + wait >= deadline) return { answer, tries };
      await sleep(wait);
    }
  }
}
