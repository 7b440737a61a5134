/**
 * Client-side bookkeeping of one rate limit: at most `limit` events in any `windowMs`. Keeping every sliding window
 * under the limit keeps every fixed window under it too, so the gateway's limiter is never reached.
 */
export class SlidingWindow {
  private readonly times: number[] = [];
  private blockedUntil = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!(limit >= 1)) throw new Error(`a rate window needs a limit of at least 1, got ${limit}`);
  }

  /** Milliseconds to wait from `now` before one more event stays within the limit (0: go now). */
  waitMs(now: number): number {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    const byCount = this.times.length < this.limit ? 0 : this.times[0]! + this.windowMs - now;
    return Math.max(0, byCount, this.blockedUntil - now);
  }

  /** Records an event at `now`. */
  record(now: number): void {
    this.times.push(now);
  }

  /** No event before `until` (the server said none is left, e.g. `RateLimit-Remaining: 0` or a 429's `Retry-After`). */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** Events recorded within the window ending at `now`. */
  used(now: number): number {
    return this.times.filter((t) => t > now - this.windowMs).length;
  }
}

/** The limit the bench paces itself to for a server limit of `serverLimit`: a margin below it, never below 1. */
export const pacedLimit = (serverLimit: number, margin: number): number => Math.max(1, serverLimit - margin);

/** Picks, among `windows`, the one to use next: the least recently used of those free now, else the first freed. */
export function pickWindow(
  windows: readonly { window: SlidingWindow; lastUsed: number }[],
  now: number,
): { index: number; waitMs: number } {
  let best = -1;
  let bestWait = Number.POSITIVE_INFINITY;
  windows.forEach((w, i) => {
    const wait = w.window.waitMs(now);
    if (wait < bestWait || (wait === bestWait && best >= 0 && w.lastUsed < windows[best]!.lastUsed)) {
      best = i;
      bestWait = wait;
    }
  });
  return { index: best, waitMs: best < 0 ? 0 : bestWait };
}
