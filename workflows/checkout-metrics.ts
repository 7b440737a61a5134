import { proxySinks, workflowInfo, type Sinks } from '@temporalio/workflow';
import type { OrderStatusMetric } from '../contracts';

/** The sink through which the checkout saga (which cannot touch prom-client) counts its outcomes and compensations. */
export interface CheckoutMetricsSinks extends Sinks {
  checkoutMetrics: {
    orderStatus(change: OrderStatusMetric): void;
    compensationRun(name: string): void;
  };
}

const { checkoutMetrics } = proxySinks<CheckoutMetricsSinks>();

/**
 * Hands a status change to the worker's metrics (workers/metrics-sinks.ts). A sink call adds no command to the history
 * and is not made again when the workflow is replayed, so each change counts once.
 */
export function countOrderStatus(status: string, failureReason?: string): void {
  const sinceStartMs = Date.now() - workflowInfo().runStartTime.getTime();
  checkoutMetrics.orderStatus({ status, ...(failureReason ? { failureReason } : {}), sinceStartMs });
}

/** Hands a finished compensation to the worker's metrics. */
export function countCompensation(name: string): void {
  checkoutMetrics.compensationRun(name);
}
