import http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { CircuitState } from 'cockatiel';
import { METRIC_NAMES } from '../contracts';
import {
  circuitBreakerState,
  httpMetrics,
  metricsRoute,
  recordOrderStatus,
  registry,
  startMetrics,
  temporalSdkMetricsAddress,
  watchBreaker,
} from './metrics';
import { metricsApp } from '../api/metrics-app';

/** Serves `app` on a loopback port for one test; returns its base URL and a closer. */
async function serve(app: { callback(): http.RequestListener }) {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

beforeAll(() => startMetrics('test-service'));
beforeEach(() => registry.resetMetrics());

describe('lib/metrics', () => {
  it("labels every series with the process's service and includes Node's process metrics", async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="test-service"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="test-service"\} /m);
  });

  it('serves the exposition on GET /metrics with what the extra source adds, and 405 for another method', async () => {
    const app = new Koa();
    app.use(metricsRoute(async () => '# TYPE temporal_x counter\ntemporal_x_total 3\n'));
    app.use((ctx) => (ctx.body = 'next'));
    const { base, close } = await serve(app);
    try {
      const res = await fetch(`${base}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toMatch(/^temporal_x_total 3$/m);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
      expect(await (await fetch(`${base}/other`)).text()).toBe('next');
    } finally {
      await close();
    }
  });

  it('still answers when the extra source fails (a worker whose Temporal exporter is not up yet)', async () => {
    const { base, close } = await serve(new Koa().use(metricsRoute(() => Promise.reject(new Error('down')))));
    try {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('process_cpu_user_seconds_total');
    } finally {
      await close();
    }
  });

  it('labels gateway requests by method, matched route and status, never by the raw URL', async () => {
    const router = new Router();
    router.get('/api/orders/:id', (ctx) => (ctx.body = { id: ctx.params.id }));
    router.post('/api/orders', (ctx) => {
      ctx.status = 201;
    });
    const app = new Koa().use(httpMetrics()).use(router.routes());
    const { base, close } = await serve(app);
    try {
      await fetch(`${base}/api/orders/4f1c2d7e-secret?x=1`);
      await fetch(`${base}/api/orders`, { method: 'POST' });
      await fetch(`${base}/elsewhere/abc`);
      await fetch(`${base}/api/orders`, { method: 'WEIRD' }).catch(() => undefined);
    } finally {
      await close();
    }
    const text = await registry.getSingleMetricAsString(METRIC_NAMES.httpRequests);
    expect(text).toContain('method="GET",route="/api/orders/:id",status="200"');
    expect(text).toContain('method="POST",route="/api/orders",status="201"');
    expect(text).toContain('method="GET",route="unmatched",status="404"');
    expect(text).not.toMatch(/4f1c2d7e|x=1|elsewhere|WEIRD/);
    const durations = await registry.getSingleMetricAsString(METRIC_NAMES.httpRequestDuration);
    expect(durations).toMatch(
      /_bucket\{le="\+Inf",service="test-service",method="POST",route="\/api\/orders",status="201"\} 1/,
    );
  });

  it('counts order outcomes with their reason and observes the saga duration of an outcome only', async () => {
    recordOrderStatus({ status: 'CONFIRMED', sinceStartMs: 1_200 });
    recordOrderStatus({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED', sinceStartMs: 800 });
    recordOrderStatus({ status: 'SHIPPED', sinceStartMs: 60_000 });
    const outcomes = await registry.getSingleMetricAsString(METRIC_NAMES.orderOutcomes);
    expect(outcomes).toMatch(/^orders_outcomes_total\{status="CONFIRMED",reason="none",service="test-service"\} 1$/m);
    expect(outcomes).toMatch(/^orders_outcomes_total\{status="FAILED",reason="PAYMENT_DECLINED",[^}]*\} 1$/m);
    const saga = await registry.getSingleMetricAsString(METRIC_NAMES.sagaDuration);
    expect(saga).toMatch(/_count\{service="test-service",outcome="CONFIRMED"\} 1/);
    expect(saga).not.toContain('SHIPPED');
  });

  it("follows a breaker's state: closed 0, open 2, half-open 1, closed again 0", () => {
    const handlers: Record<string, () => void> = {};
    const breaker = {
      state: CircuitState.Closed,
      onBreak: (f: () => void) => (handlers.break = f),
      onHalfOpen: (f: () => void) => (handlers.halfOpen = f),
      onReset: (f: () => void) => (handlers.reset = f),
    };
    watchBreaker('svc', breaker as never);
    const value = async () => (await circuitBreakerState.get()).values.find((v) => v.labels.breaker === 'svc')?.value;
    return (async () => {
      expect(await value()).toBe(0);
      handlers.break();
      expect(await value()).toBe(2);
      handlers.halfOpen();
      expect(await value()).toBe(1);
      handlers.reset();
      expect(await value()).toBe(0);
    })();
  });

  it("puts a worker's Temporal SDK exporter on loopback at its HTTP port + 1000 (a replica's port moves it too)", () => {
    expect(temporalSdkMetricsAddress(3001)).toBe('127.0.0.1:4001');
    expect(temporalSdkMetricsAddress(3101)).toBe('127.0.0.1:4101');
  });

  it("answers only /metrics on the gateway's metrics listener", async () => {
    const { base, close } = await serve(metricsApp());
    try {
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      expect((await fetch(`${base}/api/orders`)).status).toBe(404);
    } finally {
      await close();
    }
  });
});
