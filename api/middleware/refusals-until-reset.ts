/** At most this many clients are remembered as refused; past it the expired ones are dropped, then all of them. */
const MAX_REMEMBERED = 10_000;

/**
 * Clients a limit refused, each with the time (epoch ms) its window frees a request again. koa-ratelimit's Redis
 * limiter (async-ratelimiter: a sliding log per client) records no entry for a request it refuses, and an entry only
 * leaves the log when it is a window old, so a client refused with reset `t` stays refused until `t`, whichever gateway
 * it asks: until then a refusal can be answered from memory without asking Redis. The reset koa-ratelimit reports is
 * rounded down to the second, so the memory gives up a little before Redis would let the client on.
 */
export class RefusalsUntilReset {
  private readonly until = new Map<string, number>();

  /** The reset (epoch seconds) of a refusal of `client` still in force at `nowMs`, else undefined. */
  resetOf(client: string, nowMs = Date.now()): number | undefined {
    const until = this.until.get(client);
    if (until === undefined) return undefined;
    if (nowMs < until) return until / 1000;
    this.until.delete(client);
    return undefined;
  }

  /** Remembers that `client` is refused until `resetSeconds` (epoch seconds, as koa-ratelimit reports it). */
  remember(client: string, resetSeconds: number, nowMs = Date.now()): void {
    const until = resetSeconds * 1000;
    if (!(until > nowMs)) return;
    if (this.until.size >= MAX_REMEMBERED) {
      for (const [c, t] of this.until) if (t <= nowMs) this.until.delete(c);
      if (this.until.size >= MAX_REMEMBERED) this.until.clear();
    }
    this.until.set(client, until);
  }
}
