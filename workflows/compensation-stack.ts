import { CancellationScope, log, sleep } from '@temporalio/workflow';
import type { CheckoutState } from './checkout-state';
import { errorMessage } from './error-message';
import { countCompensation } from './checkout-metrics';

/** Where the `status` query reads the compensations that ran. */
type CompensationLog = Pick<CheckoutState, 'compensations'>;

/** One registered undo action. */
interface Compensation {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * The saga's undo actions: each is pushed before the step it undoes runs (that step may have had its effect even if it
 * failed), and they run newest first, each retried until it succeeds and never skipped.
 */
export class CompensationStack {
  private readonly stack: Compensation[] = [];

  /** Registers an undo action, run by `runAll` after those registered before it. */
  push(name: string, run: () => Promise<unknown>): void {
    this.stack.push({ name, run });
  }

  /** Forgets every undo action: the saga completed, nothing will be undone. */
  clear(): void {
    this.stack.length = 0;
  }

  /**
   * Runs every undo action, newest first, in a non-cancellable scope; a failed one is logged and retried after a
   * backoff (2 s, 4 s, ... up to 60 s) until it succeeds. Each shows in `state.compensations` from its start.
   */
  async runAll(state: CompensationLog, context: { orderId: string }): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      for (const compensation of [...this.stack].reverse()) await runUntilDone(compensation, state, context.orderId);
      this.clear();
    });
  }
}

/** Runs one undo action until it succeeds, keeping its entry in `state.compensations` current. */
async function runUntilDone({ name, run }: Compensation, state: CompensationLog, orderId: string) {
  const entry = { name, state: 'pending' as 'pending' | 'done' };
  state.compensations.push(entry);
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      entry.state = 'done';
      countCompensation(name);
      return;
    } catch (err) {
      log.error('compensation failed; retrying', { orderId, compensation: name, attempt, error: errorMessage(err) });
      await sleep(Math.min(60_000, 1_000 * 2 ** attempt));
    }
  }
}
