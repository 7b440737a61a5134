import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { collectedSpans, type CollectedSpan } from '../support/otlp-collector';
import { api, eventually } from '../support/http';
import { newCustomer } from '../support/orders';
import { COLLECTED_SPANS_FILE, TEST_STACK_LOG } from '../support/test-env';

const STACK_LOG = TEST_STACK_LOG;
const service = (name: string) => `durable-commerce-${name}`;

/** The trace of the gateway request tagged with `requestId`, once it holds every `[service, span name]` of `expected`. */
async function traceOf(
  requestId: string,
  expected: [string, string][],
): Promise<{ traceId: string; spans: CollectedSpan[] }> {
  let traceId = '';
  let spans: CollectedSpan[] = [];
  await eventually(async () => {
    const all = collectedSpans(COLLECTED_SPANS_FILE);
    traceId ||= all.find((s) => s.attributes['request.id'] === requestId)?.traceId ?? '';
    spans = all.filter((s) => s.traceId === traceId);
    return (
      traceId !== '' &&
      expected.every(([svc, name]) => spans.some((s) => s.service === service(svc) && s.name === name))
    );
  }, 20_000);
  return { traceId, spans };
}

/** The names of `span` and of each span above it in `spans`, nearest first. */
function ancestry(span: CollectedSpan, spans: CollectedSpan[]): string[] {
  const names: string[] = [];
  for (
    let at = spans.find((s) => s.spanId === span.parentSpanId);
    at;
    at = spans.find((s) => s.spanId === at!.parentSpanId)
  )
    names.push(`${at.service.replace(/^durable-commerce-/, '')} ${at.name}`);
  return names;
}

/** The SQL spans (`pg.query:*`, @opentelemetry/instrumentation-pg) of `svc` in the trace of `traceId`, with their ancestry, once there are some under `activity`. */
async function sqlSpansUnder(traceId: string, svc: string, activity: string) {
  let found: { span: CollectedSpan; ancestry: string[] }[] = [];
  await eventually(async () => {
    const spans = collectedSpans(COLLECTED_SPANS_FILE).filter((s) => s.traceId === traceId);
    found = spans
      .filter((s) => s.service === service(svc) && s.name.startsWith('pg.query'))
      .map((span) => ({ span, ancestry: ancestry(span, spans) }));
    return found.some((f) => f.ancestry.includes(`${svc} ${activity}`));
  }, 20_000);
  return found;
}

const present = (spans: CollectedSpan[], expected: [string, string][]) =>
  expected.map(([svc, name]) => [svc, name, spans.some((s) => s.service === service(svc) && s.name === name)]);

describe('one trace per request, end to end (OTLP export of every process)', () => {
  it('registration: the gateway request, the workflow start and run, the users activity and the notifications consumer of its user.created event share one trace', async () => {
    const requestId = `trace-${randomUUID()}`;
    const res = await api(
      'POST',
      '/api/auth/register',
      { email: `${requestId}@example.com`, name: 'Traced', password: 'correct horse battery' },
      { 'X-Request-Id': requestId },
    );
    expect(res.status).toBe(201);

    const expected: [string, string][] = [
      ['gateway', 'StartWorkflow:registerUser'],
      ['orders', 'RunWorkflow:registerUser'],
      ['orders', 'StartActivity:createUser'],
      ['users', 'RunActivity:createUser'],
      // the welcome email follows from the event, whose traceparent is the activity's: the consumer's span continues it
      ['notifications', 'consume user.created'],
    ];
    const { traceId, spans } = await traceOf(requestId, expected);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(present(spans, expected)).toEqual(expected.map(([svc, name]) => [svc, name, true]));
    const root = spans.find((s) => s.attributes['request.id'] === requestId)!;
    expect(root).toMatchObject({
      service: service('gateway'),
      name: 'POST /api/auth/register',
      attributes: { 'http.route': '/api/auth/register', 'http.status_code': 201 },
    });
    expect(root.parentSpanId).toBeUndefined(); // the client sent no traceparent: the gateway starts the trace

    // the gateway's request log line names the trace, so an operator goes from a request id to its trace
    expect(
      readFileSync(STACK_LOG, 'utf8')
        .split('\n')
        .some((l) => l.includes(requestId) && l.includes(`"traceId":"${traceId}"`)),
    ).toBe(true);
  });

  it('an order: pricing, reservation, charge, confirmation and the consumers of its events across five services join the trace of the POST, which continues a caller’s traceparent', async () => {
    const customer = await newCustomer();
    const requestId = `trace-${randomUUID()}`;
    const callerTrace = randomUUID().replace(/-/g, '');
    const traced = await api(
      'POST',
      '/api/orders',
      { items: [{ productId: 'sku-ceramic-mug', quantity: 1 }], paymentToken: 'tok_ok' },
      {
        Authorization: `Bearer ${customer.token}`,
        'Idempotency-Key': `key-${randomUUID()}`,
        'X-Request-Id': requestId,
        traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`,
      },
    );
    expect(traced.status).toBe(201);

    const expected: [string, string][] = [
      // (no RunWorkflow:orderCheckout yet: that span ends with the workflow, which now waits for ship or cancel)
      ['gateway', 'UpdateWithStartWorkflow:placed'],
      ['orders', 'StartActivity:chargePayment'],
      ['products', 'RunActivity:getProducts'],
      ['orders', 'RunActivity:createOrder'],
      ['inventory', 'RunActivity:reserveStock'],
      ['payments', 'RunActivity:chargePayment'],
      ['inventory', 'RunActivity:commitReservation'],
      // the events of the order, consumed by the notifications (email) and order-timeline groups
      ['notifications', 'consume order.confirmed'],
      ['orders', 'consume order.confirmed'],
      ['orders', 'consume payment.received'],
    ];
    const { traceId, spans } = await traceOf(requestId, expected);
    expect(traceId).toBe(callerTrace);
    expect(present(spans, expected)).toEqual(expected.map(([svc, name]) => [svc, name, true]));

    // the trace of the POST reaches the database: each SQL statement of the charge is a span under the payments
    // activity, itself under the workflow's StartActivity span
    const sql = await sqlSpansUnder(traceId, 'payments', 'RunActivity:chargePayment');
    const underCharge = sql.filter((f) => f.ancestry.includes('payments RunActivity:chargePayment'));
    expect(underCharge.length).toBeGreaterThan(0);
    const { span, ancestry: chain } = underCharge[0]!;
    expect(span.name).toMatch(/^pg\.query:[A-Z]+/);
    expect(span.attributes['db.system']).toBe('postgresql');
    expect(String(span.attributes['db.statement'])).not.toBe('');
    // (the chain continues in the workflow's RunWorkflow span, exported when the workflow ends: it now waits for ship)
    const at = chain.indexOf('payments RunActivity:chargePayment');
    expect(chain.slice(at, at + 2)).toEqual([
      'payments RunActivity:chargePayment',
      'orders StartActivity:chargePayment',
    ]);
    // and the orders service's statements sit under its own activities (createOrder, the status writes)
    const ordersSql = await sqlSpansUnder(traceId, 'orders', 'RunActivity:createOrder');
    expect(ordersSql.some((f) => f.ancestry.includes('orders RunActivity:createOrder'))).toBe(true);
  });

  it("a product read: the gateway's fetch to the inventory service (through its breaker) passes the trace on", async () => {
    const requestId = `trace-${randomUUID()}`;
    const res = await api('GET', '/api/products/sku-ceramic-mug', undefined, { 'X-Request-Id': requestId });
    expect(res.status).toBe(200);
    const expected: [string, string][] = [
      ['gateway', 'GET /api/products/:id'],
      ['gateway', 'GET'],
      ['inventory', 'GET'],
    ];
    const { spans } = await traceOf(requestId, expected);
    expect(present(spans, expected)).toEqual(expected.map(([svc, name]) => [svc, name, true]));
    const client = spans.find((s) => s.service === service('gateway') && s.name === 'GET')!;
    const server = spans.find((s) => s.service === service('inventory') && s.name === 'GET')!;
    expect(server.parentSpanId).toBe(client.spanId);
    // the inventory service's SQL statements of that read are spans under its request
    const sql = await sqlSpansUnder(server.traceId, 'inventory', 'GET');
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((f) => f.ancestry.includes('inventory GET'))).toBe(true);
  });
});
