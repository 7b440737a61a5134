import { randomUUID } from 'node:crypto';
import { servicePort } from '../../lib/config';
import { METRIC_NAMES } from '../../contracts';
import { newCustomer, placeOrder, waitForStatus } from '../support/orders';
import { eventually } from '../support/http';
import { testConfig } from '../support/test-env';

const config = testConfig();
const scrape = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};
/** The sample lines of `text` whose series is `name` and whose labels include each of `labels`. */
const samples = (text: string, name: string, labels: Record<string, string> = {}) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));

describe('/metrics of every process (Prometheus text format)', () => {
  let orderId = '';

  beforeAll(async () => {
    const customer = await newCustomer();
    const res = await placeOrder(customer, `key-${randomUUID()}`, {
      items: [{ productId: 'sku-ceramic-mug', quantity: 1 }],
      paymentToken: 'tok_ok',
    });
    expect(res.status).toBe(201);
    orderId = (res.body as { orderId: string }).orderId;
    await waitForStatus(customer, orderId, 'CONFIRMED');
  });

  it("the gateway's own listener: Node's process metrics and the request counter and latency histogram by route", async () => {
    const text = await scrape(config.GATEWAY_METRICS_PORT);
    expect(samples(text, 'process_cpu_user_seconds_total', { service: 'gateway' }).length).toBe(1);
    const posted = { method: 'POST', route: '/api/orders', status: '201', service: 'gateway' };
    expect(samples(text, METRIC_NAMES.httpRequests, posted).length).toBe(1);
    expect(samples(text, `${METRIC_NAMES.httpRequestDuration}_bucket`, posted).length).toBeGreaterThan(1);
    // the order's id never becomes a label: routes are the matched patterns
    expect(text).not.toContain(orderId);
    expect(samples(text, METRIC_NAMES.httpRequests).every((l) => !/route="\/api\/orders\/[0-9a-f]{8}-/.test(l))).toBe(
      true,
    );
  });

  it('the public port serves no /metrics', async () => {
    const res = await fetch(`http://127.0.0.1:${config.GATEWAY_PORT}/metrics`);
    expect(res.status).toBe(404);
  });

  it('the orders service: the outcome by status, the saga duration, and the Temporal SDK series of its worker', async () => {
    let text = '';
    // the saga's outcome reaches the counter when the worker handles the workflow's sink call, right after the write
    await eventually(async () => {
      text = await scrape(servicePort(config, 'orders'));
      return samples(text, METRIC_NAMES.orderOutcomes, { status: 'CONFIRMED' }).length > 0;
    }, 10_000);
    expect(
      samples(text, METRIC_NAMES.orderOutcomes, { status: 'CONFIRMED', reason: 'none', service: 'orders' }),
    ).toHaveLength(1);
    expect(samples(text, `${METRIC_NAMES.sagaDuration}_count`, { outcome: 'CONFIRMED' })).toHaveLength(1);
    expect(samples(text, 'nodejs_eventloop_lag_seconds', { service: 'orders' })).toHaveLength(1);
    expect(
      samples(text, 'temporal_workflow_task_schedule_to_start_latency_bucket', { task_queue: 'orders' }).length,
    ).toBeGreaterThan(0);
    expect(samples(text, 'temporal_worker_task_slots_available', { task_queue: 'orders' }).length).toBeGreaterThan(0);
    expect(samples(text, 'temporal_sticky_cache_size').length).toBeGreaterThan(0);
  });

  it("the payments service: the provider's latency by operation and outcome, its breaker closed, the activity schedule-to-start", async () => {
    const text = await scrape(servicePort(config, 'payments'));
    expect(
      samples(text, `${METRIC_NAMES.paymentProviderDuration}_count`, {
        operation: 'charge',
        outcome: 'ok',
        service: 'payments',
      }),
    ).toHaveLength(1);
    expect(samples(text, METRIC_NAMES.circuitBreakerState, { breaker: 'payment-provider' })[0]).toMatch(/ 0$/);
    expect(
      samples(text, 'temporal_activity_schedule_to_start_latency_bucket', { task_queue: 'payments' }).length,
    ).toBeGreaterThan(0);
  });

  it('the Temporal dev server on its fixed TEMPORAL_METRICS_PORT', async () => {
    const text = await scrape(config.TEMPORAL_METRICS_PORT);
    expect(text).toMatch(/^# TYPE \w+ /m);
  });
});
