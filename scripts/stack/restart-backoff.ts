/** Restart backoff of the supervisor: the first restart is quick, each death in a row doubles the wait, up to a cap. */
export const RESTART_BACKOFF = {
  /** Wait before the first restart. */
  initialMs: 500,
  /** Longest wait between restarts: a process whose dependency is down is retried at least this often, forever. */
  maxMs: 15_000,
  /** A process that stayed ready this long starts over at `initialMs` when it dies. */
  stableMs: 60_000,
};

/** Wait before restart number `failures` (1 for the first death in a row). */
export const restartDelayMs = (
  failures: number,
  backoff: Pick<typeof RESTART_BACKOFF, 'initialMs' | 'maxMs'> = RESTART_BACKOFF,
): number => Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
