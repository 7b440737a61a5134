/** How a FreshValue is read and kept. */
export interface FreshValueOptions<T> {
  /** Reads the value from upstream; a rejection is passed to the callers waiting for it and is never kept. */
  read: () => Promise<T>;
  /** How long a value read is served before the next reader reads it again (ms). */
  ttlMs: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * One value read from upstream and kept in memory for at most `ttlMs`. Reads are single-flight: however many callers
 * ask while a read is under way, they all wait for that one read. `invalidate()` forgets the value and any read
 * already under way (its result may predate the change), so the next caller reads again. A failed read is not kept:
 * the next caller tries again (a circuit breaker in `read` keeps that cheap while upstream is down).
 */
export class FreshValue<T> {
  private value: { of: T; readAt: number } | undefined;
  private inFlight: Promise<T> | undefined;
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: FreshValueOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  /** The value if it is at most `ttlMs` old, else the one read that is under way or a new one. */
  get(): Promise<T> {
    if (this.value && this.now() - this.value.readAt < this.options.ttlMs) return Promise.resolve(this.value.of);
    return (this.inFlight ??= this.readNow());
  }

  /** Forgets the value and the read under way: the next `get()` reads again. */
  invalidate(): void {
    this.generation += 1;
    this.value = undefined;
    this.inFlight = undefined;
  }

  private async readNow(): Promise<T> {
    const generation = this.generation;
    const startedAt = this.now();
    try {
      const of = await this.options.read();
      if (generation === this.generation) this.value = { of, readAt: startedAt };
      return of;
    } finally {
      if (generation === this.generation) this.inFlight = undefined;
    }
  }
}
