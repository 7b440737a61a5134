/** One answer as the bench saw it; `status` is a word when no HTTP answer came. */
export interface BenchAnswer {
  status: number | 'timeout' | 'network-error';
  body: Record<string, unknown>;
  /** `Retry-After` in seconds, when the answer had one. */
  retryAfterS?: number;
  /** `RateLimit-Remaining` and `RateLimit-Reset` (seconds), when the answer had them. */
  rateLimit?: { remaining: number; resetS: number };
}

/** Counts answers by route and status, so every 429 the run provoked is reported. */
export class AnswerCounts {
  readonly byRoute: Record<string, Record<string, number>> = {};

  /** Records one answer to `route`. */
  record(route: string, status: BenchAnswer['status']): void {
    const counts = (this.byRoute[route] ??= {});
    counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  }

  /** How many answers had `status`, over every route. */
  total(status: number): number {
    return Object.values(this.byRoute).reduce((sum, counts) => sum + (counts[String(status)] ?? 0), 0);
  }
}

const numberHeader = (headers: Headers, name: string): number | undefined => {
  const raw = headers.get(name);
  return raw === null || raw.trim() === '' || !Number.isFinite(Number(raw)) ? undefined : Number(raw);
};

/** One JSON request to `url`, bounded by `timeoutMs`; the answer is counted under `route` in `counts`. */
export async function requestJson(
  url: string,
  opts: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
    route?: string;
    counts?: AnswerCounts;
  } = {},
): Promise<BenchAnswer> {
  let answer: BenchAnswer;
  try {
    const res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
    const text = await res.text();
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    const retryAfterS = numberHeader(res.headers, 'retry-after');
    const remaining = numberHeader(res.headers, 'ratelimit-remaining');
    const resetS = numberHeader(res.headers, 'ratelimit-reset');
    answer = {
      status: res.status,
      body,
      ...(retryAfterS !== undefined ? { retryAfterS } : {}),
      ...(remaining !== undefined && resetS !== undefined ? { rateLimit: { remaining, resetS } } : {}),
    };
  } catch (err) {
    const name = (err as Error)?.name;
    answer = {
      status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network-error',
      body: { error: String((err as Error)?.message ?? err) },
    };
  }
  if (opts.route && opts.counts) opts.counts.record(opts.route, answer.status);
  return answer;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
