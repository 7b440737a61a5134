import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { orderWorkflowId, type OrderDto, type OrderStatus, type OrderStatusView } from '../../contracts';
import { HISTORIES_DIR } from './histories';
import { temporal } from './temporal-cli';
import { connectClient } from '../../lib/temporal';
import { api, eventually } from './http';
import { query } from './databases';
import { testConfig } from './test-env';

/** A signed-in customer: the user id (the token's subject) and a bearer token from `POST /api/auth/login`. */
export interface Customer {
  id: string;
  email: string;
  token: string;
}

/** Registers a fresh customer and signs in through the gateway, so tests never see each other's orders. */
export async function newCustomer(): Promise<Customer> {
  const email = `cust-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery';
  const registered = await api('POST', '/api/auth/register', { email, name: 'Test Customer', password });
  if (registered.status !== 201)
    throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const login = await api('POST', '/api/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
  return { id: registered.body.id as string, email, token: login.body.token as string };
}

/** The Authorization header of `customer`. */
export const bearer = (customer: Customer) => ({ Authorization: `Bearer ${customer.token}` });

/** `POST /api/orders` as `customer` with `key`. */
export const placeOrder = (customer: Customer, key: string, body: unknown) =>
  api('POST', '/api/orders', body, { ...bearer(customer), 'Idempotency-Key': key });

/** `GET /api/orders/:id` as `customer`. */
export const getOrder = (customer: Customer, orderId: string) =>
  api('GET', `/api/orders/${orderId}`, undefined, bearer(customer));

/** Polls the order until its status is `status`; returns the order (fails the test with the last seen state otherwise). */
export async function waitForStatus(
  customer: Customer,
  orderId: string,
  status: OrderStatus,
  timeoutMs = 60_000,
): Promise<OrderDto> {
  let last: unknown;
  const ok = await eventually(
    async () => {
      const res = await getOrder(customer, orderId);
      last = res.body;
      return res.status === 200 && (res.body as unknown as OrderDto).status === status;
    },
    timeoutMs,
    300,
  );
  if (!ok) throw new Error(`order ${orderId} did not reach ${status}; last seen ${JSON.stringify(last)}`);
  return last as OrderDto;
}

let client: Promise<Client> | undefined;
/** A Temporal client on the test stack's server (shared in a test file). */
export const temporalClient = () => (client ??= connectClient(testConfig().temporalAddress, 'default'));

/** The live `status` query of an order's workflow. */
export const queryStatus = async (orderId: string) =>
  (await temporalClient()).workflow.getHandle(orderWorkflowId(orderId)).query<OrderStatusView>('status');

/** Sends a signal to an order's workflow. */
export const signal = async (orderId: string, name: string, ...args: unknown[]) =>
  (await temporalClient()).workflow.getHandle(orderWorkflowId(orderId)).signal(name, ...args);

/** With RECORD_HISTORIES=1, saves the workflow's history as `test/histories/<name>.json` for the replay test. */
export async function recordHistory(orderId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  // The CLI's JSON export is the format historyFromJSON reads (historyToJSON trips over jest's module registry).
  const res = temporal('workflow', 'show', '--workflow-id', orderWorkflowId(orderId), '--output', 'json');
  if (res.status !== 0) throw new Error(`could not export the history of ${orderId}: ${res.stderr}`);
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(JSON.parse(res.stdout), null, 1)}\n`);
}

/** Everything each service's database holds about one order. */
export async function rowsOf(orderId: string) {
  const [order] = await query<{ status: string; failure_reason: string | null; total_cents: number }>(
    'orders',
    'select status, failure_reason, total_cents from orders where id = $1',
    [orderId],
  );
  const reservations = await query<{ state: string }>(
    'inventory',
    'select state from reservations where order_id = $1',
    [orderId],
  );
  const charges = await query<{ amount_cents: number }>(
    'payments',
    'select amount_cents from charges where order_id = $1',
    [orderId],
  );
  const refunds = await query<{ amount_cents: number }>(
    'payments',
    'select amount_cents from refunds where order_id = $1',
    [orderId],
  );
  const notifications = await query<{ template: string }>(
    'notifications',
    "select template from notifications where payload->>'orderId' = $1 order by created_at",
    [orderId],
  );
  return {
    order,
    reservation: reservations[0]?.state,
    charges,
    refunds,
    notifications: notifications.map((n) => n.template),
  };
}

/** Available stock of a product right now. */
export async function available(productId: string): Promise<number> {
  const [row] = await query<{ available: number }>(
    'inventory',
    'select available from stock_items where product_id = $1',
    [productId],
  );
  return row.available;
}

/** Charges the provider sandbox holds for an order (its idempotency key is `<orderId>:charge`). */
export async function providerCharges(orderId: string): Promise<unknown[]> {
  const res = await fetch(
    `${testConfig().paymentProviderUrl}/v1/charges?idempotencyKey=${encodeURIComponent(`${orderId}:charge`)}`,
  );
  return ((await res.json()) as { items: unknown[] }).items;
}
