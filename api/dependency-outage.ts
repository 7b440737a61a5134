import type { Logger } from 'pino';

/** One dependency's up/down state as its users notice it: `down` on every failed call, `back` on every working one. */
export interface DependencyOutage {
  down(reason: unknown): void;
  back(): void;
  /** True between a `down` and the next `back`. */
  readonly isDown: boolean;
}

/** What the log says when a dependency goes away and when it is back (what the gateway does meanwhile). */
export interface OutageNotes {
  down?: string;
  back?: string;
}

/** The outage state of each named dependency (`temporal`, `redis`, `orders`, …), shared by everyone who uses it. */
export type DependencyOutages = (dependency: string, notes?: OutageNotes) => DependencyOutage;

/** The reason as one line of text: the message of an error (never its stack), or the value itself. */
const reasonText = (reason: unknown): string =>
  typeof reason === 'string'
    ? reason
    : ((reason as { message?: unknown } | undefined)?.message?.toString() ?? String(reason));

/**
 * One WARN line when a dependency goes down (with the reason, no stack trace) and one INFO line when it is back,
 * however many requests, limiters and reads notice it in between. The notes of the first caller for a name are kept.
 */
export function dependencyOutages(logger: Pick<Logger, 'warn' | 'info'>): DependencyOutages {
  const known = new Map<string, DependencyOutage>();
  return (dependency, notes = {}) => {
    let outage = known.get(dependency);
    if (outage) return outage;
    let down = false;
    outage = {
      down(reason: unknown) {
        if (down) return;
        down = true;
        logger.warn({ dependency, reason: reasonText(reason) }, notes.down ?? `${dependency} unavailable`);
      },
      back() {
        if (!down) return;
        down = false;
        logger.info({ dependency }, notes.back ?? `${dependency} available again`);
      },
      get isDown() {
        return down;
      },
    };
    known.set(dependency, outage);
    return outage;
  };
}

/** The notes of the Redis outage: what the rate limits and the catalog cache do without it. */
export const REDIS_OUTAGE_NOTES: OutageNotes = {
  down: 'Redis unreachable: rate limits now counted per gateway process in memory, catalog cache bypassed',
  back: 'Redis reachable again: rate limits shared across gateways again',
};
