import { randomUUID } from 'node:crypto';
import { SEED_PRODUCTS, orderWorkflowId, type OrderDto } from '../../contracts';
import { servicePort } from '../../lib/config';
import { query } from '../support/databases';
import { api, eventually } from '../support/http';
import { testConfig } from '../support/test-env';
import { listWorkflows } from '../support/temporal-cli';
import {
  available,
  bearer,
  newCustomer,
  placeOrder,
  providerCharges,
  queryStatus,
  recordHistory,
  rowsOf,
  signal,
  temporalClient,
  waitForStatus,
  type Customer,
} from '../support/orders';

const MUG = 'sku-ceramic-mug'; // 1200
const FILTERS = 'sku-paper-filters'; // 600
const GEISHA = 'sku-limited-geisha'; // 8900, stock 3
const MACHINE = 'sku-espresso-machine'; // 129900: above the approval threshold
const GRINDER = 'sku-burr-grinder'; // 14900

const cart = (
  paymentToken: string,
  items = [
    { productId: MUG, quantity: 2 },
    { productId: FILTERS, quantity: 1 },
  ],
) => ({ items, paymentToken });
const key = () => `key-${randomUUID()}`;

/** Places an order and checks the immediate answer: 201 with Location, priced from the catalog. */
async function place(customer: Customer, body: ReturnType<typeof cart>): Promise<OrderDto> {
  const res = await placeOrder(customer, key(), body);
  expect(res.status).toBe(201);
  const order = res.body as unknown as OrderDto;
  expect(res.headers.get('location')).toBe(`/api/orders/${order.orderId}`);
  return order;
}

afterAll(async () => (await temporalClient()).connection.close());

describe('order checkout saga on the real stack', () => {
  it('happy path: CONFIRMED, stock sold, one charge, confirmation sent', async () => {
    const customer = await newCustomer();
    const mugsBefore = await available(MUG);
    const order = await place(customer, cart('tok_ok'));
    expect(order).toMatchObject({
      customerId: customer.id,
      totalCents: 3000,
      currency: 'USD',
      items: [
        { productId: MUG, quantity: 2, unitPriceCents: 1200 },
        { productId: FILTERS, quantity: 1, unitPriceCents: 600 },
      ],
    });
    const done = await waitForStatus(customer, order.orderId, 'CONFIRMED');
    expect(done).toEqual(
      expect.objectContaining({
        orderId: order.orderId,
        status: 'CONFIRMED',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      }),
    );
    // the reservation's commit runs alongside the CONFIRMED write (workflows/order-checkout.ts): it may land just after
    // it (two workers, two databases; seen on a stack with WORKER_REPLICAS)
    expect(await eventually(async () => (await rowsOf(order.orderId)).reservation === 'COMMITTED', 10_000)).toBe(true);
    const rows = await rowsOf(order.orderId);
    expect(rows).toMatchObject({
      order: { status: 'CONFIRMED', total_cents: 3000 },
      reservation: 'COMMITTED',
      charges: [{ amount_cents: 3000 }],
      refunds: [],
    });
    expect(
      await eventually(async () => (await rowsOf(order.orderId)).notifications.includes('order-confirmed'), 10_000),
    ).toBe(true);
    expect(await available(MUG)).toBe(mugsBefore - 2);
    expect(await providerCharges(order.orderId)).toHaveLength(1);
    const status = await queryStatus(order.orderId);
    expect(status.steps).toMatchObject({
      price: { state: 'done' },
      reserve: { state: 'done', attempts: 1 },
      approval: { state: 'skipped' },
      charge: { state: 'done', attempts: 1 },
      confirm: { state: 'done' },
      fulfil: { state: 'running' },
    });
    await recordHistory(order.orderId, 'order-confirmed-awaiting-shipment');
  });

  it('a line out of stock: the POST answers FAILED/OUT_OF_STOCK at once; no stock change, no charge', async () => {
    const customer = await newCustomer();
    const [mugs, geisha] = [await available(MUG), await available(GEISHA)];
    const res = await placeOrder(
      customer,
      key(),
      cart('tok_ok', [
        { productId: MUG, quantity: 1 },
        { productId: GEISHA, quantity: 4 },
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    const orderId = (res.body as unknown as OrderDto).orderId;
    expect(await available(MUG)).toBe(mugs);
    expect(await available(GEISHA)).toBe(geisha);
    expect(await rowsOf(orderId)).toMatchObject({
      order: { status: 'FAILED', failure_reason: 'OUT_OF_STOCK' },
      reservation: 'RELEASED',
      charges: [],
    }); // RELEASED: the compensation's marker, holding nothing
    expect(await providerCharges(orderId)).toEqual([]);
    await recordHistory(orderId, 'order-out-of-stock');
  });

  it('tok_decline: FAILED/PAYMENT_DECLINED, stock restored, no charge', async () => {
    const customer = await newCustomer();
    const mugs = await available(MUG);
    const order = await place(customer, cart('tok_decline'));
    await waitForStatus(customer, order.orderId, 'FAILED');
    expect(await rowsOf(order.orderId)).toMatchObject({
      order: { failure_reason: 'PAYMENT_DECLINED' },
      reservation: 'RELEASED',
      charges: [],
      refunds: [],
    });
    expect(await available(MUG)).toBe(mugs);
    expect((await queryStatus(order.orderId)).compensations).toEqual([
      { name: 'refund payment', state: 'done' },
      { name: 'return stock', state: 'done' },
    ]);
    await recordHistory(order.orderId, 'order-payment-declined');
  });

  it('tok_flaky: CONFIRMED after the provider failed twice, exactly one charge', async () => {
    const customer = await newCustomer();
    const order = await place(customer, cart('tok_flaky'));
    await waitForStatus(customer, order.orderId, 'CONFIRMED');
    expect((await rowsOf(order.orderId)).charges).toEqual([{ amount_cents: 3000 }]);
    expect(await providerCharges(order.orderId)).toHaveLength(1);
    expect((await queryStatus(order.orderId)).steps.charge).toEqual({ state: 'done', attempts: 3 });
    await recordHistory(order.orderId, 'order-flaky-payment');
  });

  it('tok_unavailable: FAILED/PAYMENT_UNAVAILABLE after the charge budget, stock restored, no charge', async () => {
    const customer = await newCustomer();
    const mugs = await available(MUG);
    const order = await place(customer, cart('tok_unavailable'));
    await waitForStatus(customer, order.orderId, 'FAILED', 90_000);
    expect(await rowsOf(order.orderId)).toMatchObject({
      order: { failure_reason: 'PAYMENT_UNAVAILABLE' },
      reservation: 'RELEASED',
      charges: [],
      refunds: [],
    });
    expect(await available(MUG)).toBe(mugs);
    expect(await providerCharges(order.orderId)).toEqual([]);
    await recordHistory(order.orderId, 'order-payment-unavailable');
  });

  it('approval: approve goes on to CONFIRMED', async () => {
    const customer = await newCustomer();
    const order = await place(customer, cart('tok_ok', [{ productId: MACHINE, quantity: 1 }]));
    await waitForStatus(customer, order.orderId, 'AWAITING_APPROVAL');
    await signal(order.orderId, 'approve');
    await waitForStatus(customer, order.orderId, 'CONFIRMED');
    // the reservation's commit runs alongside the CONFIRMED write (workflows/order-checkout.ts): it may land just after
    // it (two workers, two databases; seen on a stack with WORKER_REPLICAS)
    expect(await eventually(async () => (await rowsOf(order.orderId)).reservation === 'COMMITTED', 10_000)).toBe(true);
    expect(await rowsOf(order.orderId)).toMatchObject({
      reservation: 'COMMITTED',
      charges: [{ amount_cents: 129900 }],
    });
    await recordHistory(order.orderId, 'order-approved');
  });

  it('approval: reject goes to CANCELLED/REJECTED with stock restored', async () => {
    const customer = await newCustomer();
    const machines = await available(MACHINE);
    const order = await place(customer, cart('tok_ok', [{ productId: MACHINE, quantity: 1 }]));
    await waitForStatus(customer, order.orderId, 'AWAITING_APPROVAL');
    expect(await available(MACHINE)).toBe(machines - 1);
    await signal(order.orderId, 'reject');
    await waitForStatus(customer, order.orderId, 'CANCELLED');
    expect(await rowsOf(order.orderId)).toMatchObject({
      order: { failure_reason: 'REJECTED' },
      reservation: 'RELEASED',
      charges: [],
    });
    expect(await available(MACHINE)).toBe(machines);
    await recordHistory(order.orderId, 'order-rejected');
  });

  it('approval: no answer within APPROVAL_TIMEOUT leads to CANCELLED/APPROVAL_TIMEOUT', async () => {
    const customer = await newCustomer();
    const grinders = await available(GRINDER);
    const order = await place(customer, cart('tok_ok', [{ productId: GRINDER, quantity: 7 }])); // 104300 cents
    await waitForStatus(customer, order.orderId, 'AWAITING_APPROVAL');
    await waitForStatus(customer, order.orderId, 'CANCELLED', 60_000);
    expect(await rowsOf(order.orderId)).toMatchObject({
      order: { failure_reason: 'APPROVAL_TIMEOUT' },
      reservation: 'RELEASED',
      charges: [],
    });
    expect(await available(GRINDER)).toBe(grinders);
    await recordHistory(order.orderId, 'order-approval-timeout');
  });

  it('cancel after CONFIRMED: 202, then CANCELLED/CUSTOMER_CANCELLED with refund and restock', async () => {
    const customer = await newCustomer();
    const mugs = await available(MUG);
    const order = await place(customer, cart('tok_ok'));
    await waitForStatus(customer, order.orderId, 'CONFIRMED');
    const res = await api('POST', `/api/orders/${order.orderId}/cancel`, undefined, bearer(customer));
    expect(res.status).toBe(202);
    await waitForStatus(customer, order.orderId, 'CANCELLED');
    expect(await rowsOf(order.orderId)).toMatchObject({
      order: { failure_reason: 'CUSTOMER_CANCELLED' },
      reservation: 'RESTOCKED',
      charges: [{ amount_cents: 3000 }],
      refunds: [{ amount_cents: 3000 }],
    });
    expect(await available(MUG)).toBe(mugs);
    await recordHistory(order.orderId, 'order-cancelled-after-confirm');
  });

  it('ship: SHIPPED; a cancel after that gets 409; another customer gets 404', async () => {
    const customer = await newCustomer();
    const order = await place(customer, cart('tok_ok'));
    await waitForStatus(customer, order.orderId, 'CONFIRMED');
    await signal(order.orderId, 'ship', { trackingNumber: 'TRK-123' });
    const shipped = await waitForStatus(customer, order.orderId, 'SHIPPED');
    expect(shipped.trackingNumber).toBe('TRK-123');
    const cancel = await api('POST', `/api/orders/${order.orderId}/cancel`, undefined, bearer(customer));
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ error: { code: 'ORDER_NOT_CANCELLABLE' } });
    expect((await api('GET', `/api/orders/${order.orderId}`, undefined, bearer(await newCustomer()))).status).toBe(404);
    await recordHistory(order.orderId, 'order-shipped');
  });

  it('idempotent POST: the same key and body return the same order, sequentially and concurrently; another body gets 409', async () => {
    const customer = await newCustomer();
    const k = key();
    const body = cart('tok_ok');
    const answers = await Promise.all(Array.from({ length: 5 }, () => placeOrder(customer, k, body)));
    const ids = new Set(answers.map((a) => (a.body as unknown as OrderDto).orderId));
    expect(answers.map((a) => a.status).every((s) => s === 201 || s === 202)).toBe(true);
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    await waitForStatus(customer, orderId, 'CONFIRMED');
    const again = await placeOrder(customer, k, body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ orderId, status: 'CONFIRMED' });
    const other = await placeOrder(customer, k, cart('tok_ok', [{ productId: MUG, quantity: 9 }]));
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(listWorkflows(`WorkflowId='${orderWorkflowId(orderId)}'`)).toHaveLength(1);
    expect((await rowsOf(orderId)).charges).toHaveLength(1);
    await recordHistory(orderId, 'order-idempotent-concurrent-post');
  });

  it('the payments worker killed (SIGKILL) after stock is reserved: the order completes with exactly one charge', async () => {
    const customer = await newCustomer();
    const paymentsUrl = `http://127.0.0.1:${servicePort(testConfig(), 'payments')}`;
    const { pid } = (await (await fetch(`${paymentsUrl}/health`)).json()) as { pid: number };
    const order = await place(customer, cart('tok_ok'));
    process.kill(pid, 'SIGKILL');
    const restarted = await eventually(async () => {
      const res = await fetch(`${paymentsUrl}/health`);
      return res.ok && ((await res.json()) as { pid: number }).pid !== pid;
    }, 60_000);
    expect(restarted).toBe(true);
    await waitForStatus(customer, order.orderId, 'CONFIRMED', 90_000);
    expect((await rowsOf(order.orderId)).charges).toHaveLength(1);
    expect(await providerCharges(order.orderId)).toHaveLength(1);
    await recordHistory(order.orderId, 'order-payments-worker-killed');
  });

  it('a compensation that fails transiently twice (refund) still completes', async () => {
    const customer = await newCustomer();
    const order = await place(customer, cart('tok_refund_flaky'));
    await waitForStatus(customer, order.orderId, 'CONFIRMED');
    await signal(order.orderId, 'cancel', { reason: 'changed my mind' });
    await waitForStatus(customer, order.orderId, 'CANCELLED');
    expect(await rowsOf(order.orderId)).toMatchObject({
      reservation: 'RESTOCKED',
      charges: [{ amount_cents: 3000 }],
      refunds: [{ amount_cents: 3000 }],
    });
    await recordHistory(order.orderId, 'order-flaky-compensation');
  });

  it('invalid orders get 400/422 JSON errors and create no order and no workflow', async () => {
    const customer = await newCustomer();
    const before = listWorkflows("WorkflowType='orderCheckout'").length;
    const cases: [Record<string, string>, unknown, number][] = [
      [{}, cart('tok_ok'), 400], // no Idempotency-Key
      [{ 'Idempotency-Key': key() }, cart('tok_ok', [{ productId: 'sku-nope', quantity: 1 }]), 422],
      [{ 'Idempotency-Key': key() }, cart('tok_ok', [{ productId: MUG, quantity: 0 }]), 400],
      [{ 'Idempotency-Key': key() }, cart('tok_ok', [{ productId: MUG, quantity: 101 }]), 400],
      [
        { 'Idempotency-Key': key() },
        cart(
          'tok_ok',
          Array.from({ length: 51 }, () => ({ productId: MUG, quantity: 1 })),
        ),
        400,
      ],
      [{ 'Idempotency-Key': key() }, { ...cart('tok_ok'), totalCents: 1 }, 400],
    ];
    for (const [headers, body, status] of cases) {
      const res = await api('POST', '/api/orders', body, { ...bearer(customer), ...headers });
      expect([res.status, res.body]).toEqual([
        status,
        {
          error: expect.objectContaining({
            code: expect.any(String),
            message: expect.any(String),
            requestId: expect.any(String),
          }),
        },
      ]);
    }
    expect(await query('orders', 'select 1 from orders where customer_id = $1', [customer.id])).toEqual([]);
    expect(listWorkflows("WorkflowType='orderCheckout'").length).toBe(before);
  });

  it('GET /api/products lists the catalog with prices and available stock', async () => {
    const res = await api('GET', '/api/products');
    expect(res.status).toBe(200);
    const items = (res.body as unknown as { items: { id: string; priceCents: number; availability: number }[] }).items;
    expect(items.length).toBe(SEED_PRODUCTS.length);
    expect(items.find((p) => p.id === MUG)).toMatchObject({ priceCents: 1200, availability: await available(MUG) });
    expect((await api('GET', `/api/products/${GEISHA}`)).body).toMatchObject({ id: GEISHA, priceCents: 8900 });
    expect((await api('GET', '/api/products/sku-nope')).status).toBe(404);
  });

  it('invariants hold over every order above: stock conserved, charges - refunds = confirmed and shipped totals', async () => {
    await eventually(
      async () =>
        (await query('orders', "select 1 from orders where status in ('PENDING', 'AWAITING_APPROVAL')")).length === 0,
      60_000,
    );
    const stock = await query<{ product_id: string; total: number }>(
      'inventory',
      'select product_id, (available + reserved + sold)::int as total from stock_items',
    );
    for (const p of SEED_PRODUCTS)
      expect({ id: p.id, total: stock.find((s) => s.product_id === p.id)?.total }).toEqual({
        id: p.id,
        total: p.initialStock,
      });
    // Other suites share this stack: an order they cancelled after CONFIRMED is refunded a moment before its status
    // becomes CANCELLED, so the two sums may differ for that moment; they must agree once every saga has settled.
    const money = async () => {
      const [{ net }] = await query<{ net: number }>(
        'payments',
        'select (coalesce((select sum(amount_cents) from charges), 0) - coalesce((select sum(amount_cents) from refunds), 0))::int as net',
      );
      const [{ kept }] = await query<{ kept: number }>(
        'orders',
        "select coalesce(sum(total_cents), 0)::int as kept from orders where status in ('CONFIRMED', 'SHIPPED')",
      );
      return { net, kept };
    };
    await eventually(async () => {
      const { net, kept } = await money();
      return net === kept;
    }, 60_000);
    const { net, kept } = await money();
    expect(net).toBe(kept);
  });
});
