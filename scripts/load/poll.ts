// Waiting for an order to settle without loading the system under measure: reads of the orders service, spaced out.

/** Spacing of the reads of one order: the first after `firstMs`, each later one `factor` times the last, at most `maxMs`. */
export interface Backoff {
  firstMs: number;
  factor: number;
  maxMs: number;
}

/** The load tool's spacing: 200 ms, 400 ms, 800 ms, then every second. */
export const POLL_BACKOFF: Backoff = { firstMs: 200, factor: 2, maxMs: 1000 };

/** The wait before read number `attempt` (0-based) of one order. */
export function pollDelay(attempt: number, backoff: Backoff = POLL_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.firstMs * backoff.factor ** Math.max(0, attempt));
}

/** What one read of the order said: settled with an outcome, or not yet (still pending, not stored yet, or unreadable). */
export type ReadResult = { settled: true; outcome: string } | { settled: false };

/** How an order's wait ended, in ms since `startedAt`; `lastPendingMs` is the latest read that still saw it unsettled. */
export type PollResult =
  | { settled: true; outcome: string; settledMs: number; lastPendingMs: number; reads: number }
  | { settled: false; reads: number };

/** Clock and sleep, so the loop is tested without waiting. */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PollClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Reads the order with `read` on the backoff until it is settled or `deadline` (on the clock) passes. `sinceMs` is when
 * the wait began relative to `startedAt` (the placement answer): an order settled before the first read is seen at that
 * read, so a figure is late by at most the gap between its last two reads (`settledMs - lastPendingMs`).
 */
export async function pollUntilSettled(
  read: () => Promise<ReadResult>,
  options: { startedAt: number; sinceMs: number; deadline: number; backoff?: Backoff },
  clock: PollClock = realClock,
): Promise<PollResult> {
  let lastPendingMs = options.sinceMs;
  for (let attempt = 0; ; attempt += 1) {
    const wait = Math.min(pollDelay(attempt, options.backoff), options.deadline - clock.now());
    if (wait <= 0) return { settled: false, reads: attempt };
    await clock.sleep(wait);
    const result = await read();
    const at = clock.now() - options.startedAt;
    if (result.settled)
      return { settled: true, outcome: result.outcome, settledMs: at, lastPendingMs, reads: attempt + 1 };
    lastPendingMs = at;
  }
}
