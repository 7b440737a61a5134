// The steps of an order as the order page draws them (a stepper): placed, approval (only for orders that needed
// it), confirmed, shipped; a failed or cancelled order ends at the step where it stopped.
import type { FailureReason, OrderStatus } from '../../contracts/orders';
import { FAILURE_MESSAGES } from './order-status';

/** One step: done, the current one, still to come, or where the order stopped. */
export interface TimelineStep {
  key: string;
  label: string;
  state: 'done' | 'current' | 'upcoming' | 'stopped';
  /** When the order reached this step (ISO 8601), when known. */
  at?: string;
  note?: string;
}

/** What the page knows of the order: its status now, the statuses it was seen in (with when), its reason. */
export interface OrderProgress {
  status: OrderStatus;
  failureReason?: FailureReason;
  trackingNumber?: string;
  createdAt: string;
  seen: Partial<Record<OrderStatus, string>>;
}

const APPROVAL_REASONS: readonly FailureReason[] = ['APPROVAL_TIMEOUT', 'REJECTED'];

/** The steps of `progress`, in order. */
export function timelineOf(progress: OrderProgress): TimelineStep[] {
  const { status, seen, failureReason } = progress;
  const stoppedAtApproval = failureReason !== undefined && APPROVAL_REASONS.includes(failureReason);
  const neededApproval = status === 'AWAITING_APPROVAL' || seen.AWAITING_APPROVAL !== undefined || stoppedAtApproval;
  const reached = (s: OrderStatus) => seen[s] !== undefined || s === status;
  const steps: TimelineStep[] = [
    { key: 'placed', label: 'Order placed', state: 'done', at: seen.PENDING ?? progress.createdAt },
  ];
  const stopped = status === 'FAILED' || status === 'CANCELLED';
  const stop = (): TimelineStep => {
    const reason = failureReason ? FAILURE_MESSAGES[failureReason] : undefined;
    return {
      key: status.toLowerCase(),
      label: status === 'FAILED' ? `Failed: ${reason?.title ?? 'not completed'}` : (reason?.title ?? 'Cancelled'),
      state: 'stopped',
      at: seen[status],
    };
  };

  if (neededApproval) {
    if (status === 'AWAITING_APPROVAL')
      steps.push({ key: 'approval', label: 'Awaiting approval', state: 'current', at: seen.AWAITING_APPROVAL });
    else if (stopped && (stoppedAtApproval || !reached('CONFIRMED'))) return [...steps, stop()];
    else steps.push({ key: 'approval', label: 'Approved', state: 'done', at: seen.AWAITING_APPROVAL });
  }
  if (stopped && !reached('CONFIRMED')) return [...steps, stop()];
  const confirmed = reached('CONFIRMED') || reached('SHIPPED');
  steps.push({
    key: 'confirmed',
    label: confirmed ? 'Payment received · confirmed' : 'Payment and confirmation',
    state: confirmed ? 'done' : status === 'PENDING' ? 'current' : 'upcoming',
    at: seen.CONFIRMED,
  });
  if (stopped) return [...steps, stop()];
  steps.push({
    key: 'shipped',
    label: status === 'SHIPPED' ? 'Shipped' : 'Shipping',
    state: status === 'SHIPPED' ? 'done' : status === 'CONFIRMED' ? 'current' : 'upcoming',
    at: seen.SHIPPED,
    note: progress.trackingNumber ? `Tracking number ${progress.trackingNumber}` : undefined,
  });
  return steps;
}
