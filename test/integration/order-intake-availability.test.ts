import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { OrderDto } from '../../contracts';
import { readPids } from '../../scripts/chaos/pids';
import { api } from '../support/http';
import { bearer, newCustomer, placeOrder, queryStatus, temporalClient, waitForStatus } from '../support/orders';
import { TEST_STACK_LOG, testConfig } from '../support/test-env';

const MUG = 'sku-ceramic-mug';
const FILTERS = 'sku-paper-filters';
const cart = (items = [{ productId: MUG, quantity: 1 }]) => ({ items, paymentToken: 'tok_ok' });

/** The orders worker's pid, from the supervisor's pid file. */
function ordersWorkerPid(): number {
  const read = readPids(testConfig().DATA_DIR);
  if ('error' in read) throw new Error(read.error);
  const pid = read.pids.processes.orders?.pid;
  if (!pid) throw new Error('pids.json names no orders process');
  return pid;
}

/** SIGCONT, ignoring a process that is gone (the supervisor may have replaced it). */
const resume = (pid: number) => {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // gone
  }
};

/** The lines the test stack logged since `offset` (a byte offset of its log file). */
const logSince = (offset: number) => readFileSync(TEST_STACK_LOG).subarray(offset).toString('utf8').split('\n');

afterAll(async () => (await temporalClient()).connection.close());

describe('order intake depends on Temporal alone', () => {
  it('orders worker stopped (so its read API too): POST answers 202 from Temporal, same key again the same order, another body 409, cancel 202; all complete after SIGCONT', async () => {
    const customer = await newCustomer();
    const stranger = await newCustomer(); // before the stop: registration runs on the orders worker too
    const { ORDER_PLACEMENT_WAIT, TEMPORAL_CALL_TIMEOUT } = testConfig();
    const key = `key-${randomUUID()}`;
    const logOffset = statSync(TEST_STACK_LOG).size;
    const pid = ordersWorkerPid();
    let first: { status: number; body: Record<string, unknown>; ms: number };
    let cancelled: string;
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const res = await placeOrder(customer, key, cart());
      first = { ...res, ms: Date.now() - started };
      expect([201, 202]).toContain(res.status);
      expect(first.ms).toBeLessThan(ORDER_PLACEMENT_WAIT + TEMPORAL_CALL_TIMEOUT + 3_000);
      const orderId = res.body.orderId as string;
      expect(orderId).toMatch(/^[a-f0-9]{32}$/);
      expect(res.headers.get('location')).toBe(`/api/orders/${orderId}`);

      const again = await placeOrder(customer, key, cart());
      expect([201, 202]).toContain(again.status);
      expect(again.body.orderId).toBe(orderId);
      const reused = await placeOrder(customer, key, cart([{ productId: MUG, quantity: 2 }]));
      expect(reused.status).toBe(409);
      expect((reused.body.error as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');

      const other = await placeOrder(customer, `key-${randomUUID()}`, cart([{ productId: FILTERS, quantity: 1 }]));
      expect([201, 202]).toContain(other.status);
      cancelled = other.body.orderId as string;
      const cancel = await api(
        'POST',
        `/api/orders/${cancelled}/cancel`,
        { reason: 'changed my mind' },
        bearer(customer),
      );
      expect(cancel.status).toBe(202);
      expect(cancel.body).toMatchObject({ orderId: cancelled, cancellation: 'REQUESTED' });
      const foreign = await api('POST', `/api/orders/${cancelled}/cancel`, undefined, bearer(stranger));
      expect(foreign.status).toBe(404);
    } finally {
      resume(pid);
    }
    const orderId = first.body.orderId as string;
    await waitForStatus(customer, orderId, 'CONFIRMED', 90_000);
    await waitForStatus(customer, cancelled, 'CANCELLED', 90_000);
    expect((await queryStatus(cancelled)).failureReason).toBe('CUSTOMER_CANCELLED');
    const later = await placeOrder(customer, key, cart());
    expect(later.status).toBe(201);
    expect(later.body as unknown as OrderDto).toMatchObject({ orderId, status: 'CONFIRMED' });

    const gateway = logSince(logOffset).filter((l) => l.includes('gateway'));
    expect(gateway.filter((l) => / ERROR /.test(l))).toEqual([]);
    expect(gateway.filter((l) => l.includes('order workflows not taking updates in time'))).toHaveLength(1);
  }, 240_000);
});
