import {
  CHECKOUT_STEPS,
  type CheckoutStep,
  type FailureReason,
  type OrderStatus,
  type OrderStatusView,
  type StepState,
} from '../contracts';

/** What the `status` query reports, kept by the workflow as it goes. */
export class CheckoutState {
  status: OrderStatus = 'PENDING';
  failureReason?: FailureReason;
  totalCents?: number;
  readonly steps = Object.fromEntries(CHECKOUT_STEPS.map((s) => [s, { state: 'pending', attempts: 0 }])) as Record<
    CheckoutStep,
    StepState
  >;
  readonly compensations: { name: string; state: 'pending' | 'done' }[] = [];

  constructor(private readonly orderId: string) {}

  /** Marks a step: its state, and its attempts and error when given (no error clears the last one). */
  mark(step: CheckoutStep, state: StepState['state'], attempts?: number, error?: string): void {
    const s = this.steps[step];
    s.state = state;
    if (attempts !== undefined) s.attempts = attempts;
    if (error !== undefined) s.error = error;
    else delete s.error;
  }

  /** After the compensations ran: every step that was done or still running is reported compensated. */
  markRanStepsCompensated(): void {
    for (const s of Object.values(this.steps)) if (s.state === 'done' || s.state === 'running') s.state = 'compensated';
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
