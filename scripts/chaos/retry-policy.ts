/** What a request got: an HTTP status, or no answer at all. */
export type AnswerStatus = number | 'network-error' | 'timeout';

/** True when a real client would send the same request again: no answer, a 5xx, or 429 (rate limited). */
export function isRetryable(status: AnswerStatus): boolean {
  return typeof status !== 'number' || status >= 500 || status === 429;
}

/** True when a POST is settled for good: accepted (201/202) or refused by a business rule (any 4xx but 429). */
export const isFinalAnswer = (status: AnswerStatus): boolean => !isRetryable(status);

/** Backoff before retry `attempt` (1 = the first retry): exponential from 250 ms, capped at 8 s, with full jitter (`jitter` in [0, 1)); a `Retry-After` (seconds) wins, up to 30 s. */
export function backoffMs(attempt: number, jitter: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0)
    return Math.min(30_000, retryAfterSeconds * 1000);
  const cap = Math.min(8_000, 250 * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * jitter);
}
