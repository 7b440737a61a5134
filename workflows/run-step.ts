import type { CheckoutStep } from '../contracts';
import type { CheckoutState } from './checkout-state';
import { errorMessage } from './error-message';

/** Runs one step's activity, keeping its state, attempts and error for the `status` query. */
export async function runStep<T>(state: CheckoutState, name: CheckoutStep, run: () => Promise<T>): Promise<T> {
  state.mark(name, 'running');
  try {
    const result = await run();
    state.mark(name, 'done', (result as { attempt?: number } | null)?.attempt ?? 1);
    return result;
  } catch (err) {
    state.mark(name, 'failed', undefined, errorMessage(err));
    throw err;
  }
}
