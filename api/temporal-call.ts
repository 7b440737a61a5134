import type { Client } from '@temporalio/client';
import { HttpError } from './http-error';

/** The gRPC status codes of a Temporal call that did not reach a working frontend: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNREACHED = new Set([1, 4, 8, 14]);

/** Raised by `withinBudget` when a Temporal call has not settled within its budget. */
export class TemporalTimeoutError extends Error {
  override readonly name = 'TemporalTimeoutError';
}

/** Answered when Temporal cannot be reached or does not answer in time: 503 TEMPORAL_UNAVAILABLE; the client may retry (with the same Idempotency-Key). */
export class TemporalUnavailableError extends HttpError {
  constructor(
    reason: string,
    message = 'The workflow service is unavailable; try again (with the same Idempotency-Key for an order).',
  ) {
    super(503, 'TEMPORAL_UNAVAILABLE', message, { reason });
  }
}

/**
 * Runs one Temporal client call within `ms`: the gRPC deadline bounds it when the frontend is unreachable (the client's
 * retries of UNAVAILABLE ignore an abort signal), the abort signal when the frontend holds the call (an update no worker
 * accepts), and a timer answers even if the call is slow to unwind. Past the budget it rejects with TemporalTimeoutError.
 */
export async function withinBudget<T>(
  client: Pick<Client, 'withDeadline' | 'withAbortSignal'>,
  ms: number,
  call: () => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        controller.abort();
        reject(new TemporalTimeoutError(`no answer from Temporal within ${ms} ms`));
      },
      Math.max(0, ms),
    );
  });
  const work = client.withDeadline(Date.now() + Math.max(1, ms), () => client.withAbortSignal(controller.signal, call));
  work.catch(() => undefined); // settles after the answer when the timer won
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when `err` says the call did not reach a working Temporal frontend in time (read by duck typing, as errors may cross realms). */
export function isTemporalUnreached(err: unknown): boolean {
  const e = err as { name?: string; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (e?.name === 'TemporalTimeoutError' || e?.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  return [e?.code, e?.cause?.code].some((code) => typeof code === 'number' && UNREACHED.has(code));
}

/** One line saying why a Temporal call failed (its message, or its gRPC cause's), never a stack. */
export const temporalReason = (err: unknown): string => {
  const e = err as { message?: string; cause?: { message?: string } } | undefined;
  return e?.cause?.message ?? e?.message ?? String(err);
};

/** What a client is told of an unreached Temporal: the budget that ran out, or that it could not be reached (never an internal address). */
export const publicTemporalReason = (err: unknown): string =>
  (err as { name?: string } | undefined)?.name === 'TemporalTimeoutError'
    ? temporalReason(err)
    : 'Temporal could not be reached';
