/**
 * Names of the Prometheus series the platform's processes serve on `/metrics` (lib/metrics.ts defines them with
 * prom-client); the Grafana dashboard (deploy/grafana/dashboards/) and the tests read them by these names, so each has
 * its one owner here. The Temporal SDK's own series (`temporal_*`) and Node's (`process_*`, `nodejs_*`) keep the names
 * their libraries give them.
 */
export const METRIC_NAMES = {
  /** Counter of gateway requests: `method`, `route` (the matched route, never the raw URL), `status`. */
  httpRequests: 'gateway_http_requests_total',
  /** Histogram of gateway request durations in seconds: `method`, `route`, `status`. */
  httpRequestDuration: 'gateway_http_request_duration_seconds',
  /** Counter of order status changes written by the checkout saga: `status`, `reason` (the failure reason, or `none`). */
  orderOutcomes: 'orders_outcomes_total',
  /** Histogram of the time from a checkout's start to its outcome (CONFIRMED, FAILED, CANCELLED) in seconds: `outcome`. */
  sagaDuration: 'orders_saga_duration_seconds',
  /** Counter of compensations the saga ran to completion: `compensation` (its name on the stack). */
  compensations: 'orders_compensations_total',
  /** Histogram of payment provider call durations in seconds: `operation` (charge, refund, find_charge), `outcome`. */
  paymentProviderDuration: 'payment_provider_request_duration_seconds',
  /** Gauge of each circuit breaker's state (0 closed, 1 half-open, 2 open): `breaker`. */
  circuitBreakerState: 'circuit_breaker_state',
  /** Counter of requests the gateway refused with 429: `limit` (api, login, place-order). */
  rateLimitRefusals: 'gateway_rate_limit_refusals_total',
} as const;

/** Values of the `circuit_breaker_state` gauge. */
export const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;

/** A status change the checkout saga wrote, as its workflow hands it to the worker (sinks run outside the sandbox, once). */
export interface OrderStatusMetric {
  status: string;
  failureReason?: string;
  /** Milliseconds from the workflow's start to this change (workflow time). */
  sinceStartMs: number;
}
