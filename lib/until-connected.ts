import { setTimeout as sleep } from 'node:timers/promises';

/** Where `untilConnected` reports its state changes. */
export interface ConnectLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Backoff of dependency connections: first retry after `initialMs`, doubling up to `maxMs`. */
export const CONNECT_BACKOFF = { initialMs: 250, maxMs: 5_000 };

/** What a dependency's readiness check reports while the process still waits for it. */
export class WaitingForDependency extends Error {}

/**
 * Calls `connect` until it succeeds, waiting between tries with capped exponential backoff, and returns its value. Logs one
 * WARN line when it starts waiting and one INFO line when connected (state changes, not every try); `onWaiting` hears every
 * failure's reason, for readiness probes. Gives up only when `signal` aborts.
 */
export async function untilConnected<T>(
  what: string,
  connect: () => Promise<T>,
  log: ConnectLog,
  options: { onWaiting?: (reason: string) => void; signal?: AbortSignal; backoff?: typeof CONNECT_BACKOFF } = {},
): Promise<T> {
  const backoff = options.backoff ?? CONNECT_BACKOFF;
  let waitedSince: number | undefined;
  for (let delay = backoff.initialMs; ; delay = Math.min(delay * 2, backoff.maxMs)) {
    options.signal?.throwIfAborted();
    try {
      const value = await connect();
      if (waitedSince !== undefined)
        log.info({ dependency: what, waitedMs: Date.now() - waitedSince }, `${what} connected`);
      return value;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      options.onWaiting?.(reason);
      if (waitedSince === undefined) {
        waitedSince = Date.now();
        log.warn({ dependency: what, reason }, `waiting for ${what}: retrying with backoff`);
      }
    }
    await sleep(delay, undefined, { signal: options.signal });
  }
}
