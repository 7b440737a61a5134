import type { Context, Next } from 'koa';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { CircuitState } from 'cockatiel';
import { BREAKER_STATE_VALUES, METRIC_NAMES } from '../contracts';

/**
 * The process's one Prometheus registry (prom-client): Node's process metrics and the platform's own series
 * (contracts/metrics.ts names them). Every series carries a `service` label (set by `startMetrics`).
 */
export const registry = new Registry();

/**
 * The Temporal SDK's Prometheus exporter of a worker process listens on loopback at the process's HTTP port plus this
 * (orders 3001 → 4001; a replica on 3101 → 4101); the process's own `/metrics` appends what it serves, so Prometheus
 * scrapes one endpoint per process.
 */
export const TEMPORAL_SDK_METRICS_PORT_OFFSET = 1000;

/** Where the Temporal SDK's exporter of the worker whose HTTP port is `httpPort` listens. */
export const temporalSdkMetricsAddress = (httpPort: number) =>
  `127.0.0.1:${httpPort + TEMPORAL_SDK_METRICS_PORT_OFFSET}`;

/** Gateway request durations: buckets from 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: METRIC_NAMES.httpRequests,
  help: 'Gateway HTTP requests by method, matched route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: METRIC_NAMES.httpRequestDuration,
  help: 'Gateway HTTP request durations in seconds by method, matched route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const orderOutcomes = new Counter({
  name: METRIC_NAMES.orderOutcomes,
  help: 'Order status changes written by the checkout saga, by status and failure reason (none when there is none).',
  labelNames: ['status', 'reason'] as const,
  registers: [registry],
});

export const sagaDuration = new Histogram({
  name: METRIC_NAMES.sagaDuration,
  help: 'Time from a checkout workflow start to its outcome (CONFIRMED, FAILED, CANCELLED) in seconds.',
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400],
  registers: [registry],
});

export const compensations = new Counter({
  name: METRIC_NAMES.compensations,
  help: 'Compensations the checkout saga ran to completion, by name.',
  labelNames: ['compensation'] as const,
  registers: [registry],
});

export const paymentProviderDuration = new Histogram({
  name: METRIC_NAMES.paymentProviderDuration,
  help: 'Payment provider call durations in seconds by operation and outcome (ok; refused: a 4xx such as a decline; unavailable).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const circuitBreakerState = new Gauge({
  name: METRIC_NAMES.circuitBreakerState,
  help: 'State of each circuit breaker: 0 closed, 1 half-open, 2 open.',
  labelNames: ['breaker'] as const,
  registers: [registry],
});

export const rateLimitRefusals = new Counter({
  name: METRIC_NAMES.rateLimitRefusals,
  help: 'Requests the gateway refused with 429, by limit.',
  labelNames: ['limit'] as const,
  registers: [registry],
});

/** Outcomes that end a checkout saga (its duration is observed when one is written). */
const SAGA_OUTCOMES = new Set(['CONFIRMED', 'FAILED', 'CANCELLED']);

/** Counts a status change of the checkout saga, and its duration when it is an outcome. */
export function recordOrderStatus(change: { status: string; failureReason?: string; sinceStartMs: number }): void {
  orderOutcomes.inc({ status: change.status, reason: change.failureReason ?? 'none' });
  if (SAGA_OUTCOMES.has(change.status)) sagaDuration.observe({ outcome: change.status }, change.sinceStartMs / 1000);
}

/** Keeps `circuit_breaker_state{breaker=name}` equal to the state of a cockatiel breaker. */
export function watchBreaker(name: string, breaker: CircuitBreakerPolicy): void {
  const set = (state: keyof typeof BREAKER_STATE_VALUES) =>
    circuitBreakerState.set({ breaker: name }, BREAKER_STATE_VALUES[state]);
  set(breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated ? 'open' : 'closed');
  breaker.onBreak(() => set('open'));
  breaker.onHalfOpen(() => set('half-open'));
  breaker.onReset(() => set('closed'));
}

let defaultsStarted = false;

/** Labels every series with `service` and starts Node's process metrics (once per process). */
export function startMetrics(service: string): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
}

/** The exposition of this process: the registry's series, then what `extra` adds (the Temporal SDK's exporter). */
export async function metricsText(extra?: () => Promise<string>): Promise<string> {
  const own = await registry.metrics();
  if (!extra) return own;
  const more = await extra().catch(() => '');
  return more ? `${own}\n${more.trimEnd()}\n` : own;
}

/** Fetches the Temporal SDK's exporter at `address` (host:port); empty when it does not answer within a second. */
export const fetchExporter = (address: string) => async (): Promise<string> => {
  const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(1_000) });
  return res.ok ? res.text() : '';
};

/** Koa middleware answering `GET /metrics` with the exposition (others pass through). */
export function metricsRoute(extra?: () => Promise<string>) {
  return async function serveMetrics(ctx: Context, next: Next): Promise<void> {
    if (ctx.path !== '/metrics') return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      return;
    }
    ctx.type = registry.contentType;
    ctx.body = await metricsText(extra);
  };
}

/** The gateway's route of a request: the router's matched pattern, else `unmatched` (never the raw URL, which is unbounded). */
export const routeLabel = (ctx: Context): string =>
  (ctx as { routerPath?: string; _matchedRoute?: string | RegExp }).routerPath ??
  ((ctx as { _matchedRoute?: string | RegExp })._matchedRoute?.toString() || 'unmatched');

/** Methods kept as labels; any other (a fuzzer's) counts as `OTHER`, so the label stays bounded. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Gateway middleware: counts each request and observes its duration by method, matched route and status. */
export function httpMetrics() {
  return async function measure(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } catch (err) {
      status = (err as { status?: number }).status ?? 500;
      throw err;
    } finally {
      const method = KNOWN_METHODS.has(ctx.method) ? ctx.method : 'OTHER';
      const labels = { method, route: routeLabel(ctx), status: String(status) };
      httpRequests.inc(labels);
      httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
