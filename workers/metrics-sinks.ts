import type { InjectedSinks } from '@temporalio/worker';
import { compensations, recordOrderStatus } from '../lib/metrics';
import type { CheckoutMetricsSinks } from '../workflows/checkout-metrics';

/** The worker's side of the checkout saga's metrics sink: counts what the workflow hands over (never during a replay). */
export const workflowMetricsSinks = (): InjectedSinks<CheckoutMetricsSinks> => ({
  checkoutMetrics: {
    orderStatus: { fn: (_info, change) => recordOrderStatus(change) },
    compensationRun: { fn: (_info, name) => compensations.inc({ compensation: name }) },
  },
});
