import { CHECKOUT_STEPS, type CheckoutStep, type FailureReason, type OrderStatus, type OrderStatusView, type StepState } from '../contracts';

/** What the `status` query reports, kept by the workflow as it goes. */
export class CheckoutState {
  status: OrderStatus = 'PENDING';
  failureReason?: FailureReason;
  totalCents?: number;
  readonly steps = Object.fromEntries(CHECKOUT_STEPS.map((s) => [s, { state: 'pending', attempts: 0 }])) as Record<CheckoutStep, StepState>;
  readonly compensations: { name: string; state: 'pending' | 'done' }[] = [];

  constructor(private readonly orderId: string) {}

  /** Marks a step and returns its state object. */
  mark(step: CheckoutStep, state: StepState['state'], attempts?: number, error?: string): void {
    const s = this.steps[step];
    s.state = state;
    if (attempts !== undefined) s.attempts = attempts;
    if (error !== undefined) s.error = error;
    else delete s.error;
  }

  /** The query answer: a copy, so callers cannot change the workflow's state. */
  view(): OrderStatusView {
    return {
      orderId: this.orderId,
      status: this.status,
      ...(this.failureReason ? { failureReason: this.failureReason } : {}),
      ...(this.totalCents !== undefined ? { totalCents: this.totalCents } : {}),
      steps: JSON.parse(JSON.stringify(this.steps)),
      compensations: this.compensations.map((c) => ({ ...c })),
    };
  }
}
