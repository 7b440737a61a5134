// `npm run load -- [--orders 200] [--concurrency 10] [--gateway URL]`: places orders through a running gateway like many
// customers at once, waits for each to settle, and prints placement latency, time to CONFIRMED and throughput.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { FINAL_STATUSES, PAYMENT_TEST_TOKENS, type OrderDto } from '../contracts';
import { loadConfig } from '../lib/config';
import { latencyLine, tally } from './load/stats';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' },
    gateway: { type: 'string' },
    token: { type: 'string', default: PAYMENT_TEST_TOKENS.ok },
    'settle-timeout': { type: 'string', default: '60' },
  },
});
const ORDERS = Number(args.orders);
const CONCURRENCY = Number(args.concurrency);
const GATEWAY = args.gateway ?? `http://127.0.0.1:${loadConfig().GATEWAY_PORT}`;
const SETTLE_MS = Number(args['settle-timeout']) * 1000;

interface Result {
  placeStatus: number;
  placeMs: number;
  outcome: string;
  settleMs?: number;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${GATEWAY}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Registers and signs in one load customer; a customer places at most RATE_LIMIT_ORDERS_PER_MINUTE orders a minute. */
async function customer(): Promise<string> {
  const email = `load-${randomUUID()}@example.com`;
  const password = 'load-test-password';
  const registered = await call('POST', '/api/auth/register', { email, name: 'Load Test', password });
  const login = await call('POST', '/api/auth/login', { email, password });
  if (registered.status !== 201 || login.status !== 200) {
    throw new Error(
      `could not sign up a load customer (register ${registered.status}, login ${login.status}); ` +
        "a 429 means the gateway's limits are lower than this run: start it with RATE_LIMIT_LOGIN_PER_MINUTE and RATE_LIMIT_ORDERS_PER_MINUTE raised",
    );
  }
  return `Bearer ${login.body.token as string}`;
}

/** Places one order and polls it until it is CONFIRMED or final. */
async function placeOne(auth: string, productId: string): Promise<Result> {
  const started = performance.now();
  const placed = await call(
    'POST',
    '/api/orders',
    { items: [{ productId, quantity: 1 }], paymentToken: args.token },
    { Authorization: auth, 'Idempotency-Key': randomUUID() },
  );
  const placeMs = performance.now() - started;
  if (placed.status !== 201 && placed.status !== 202)
    return { placeStatus: placed.status, placeMs, outcome: `refused ${placed.status}` };
  const orderId = (placed.body as unknown as OrderDto).orderId;
  for (
    const deadline = started + SETTLE_MS;
    performance.now() < deadline;
    await new Promise((r) => setTimeout(r, 100))
  ) {
    const order = (await call('GET', `/api/orders/${orderId}`, undefined, { Authorization: auth }))
      .body as unknown as OrderDto;
    if (order.status === 'CONFIRMED' || FINAL_STATUSES.includes(order.status)) {
      return {
        placeStatus: placed.status,
        placeMs,
        outcome: order.failureReason ? `${order.status}/${order.failureReason}` : order.status,
        settleMs: performance.now() - started,
      };
    }
  }
  return { placeStatus: placed.status, placeMs, outcome: 'not settled' };
}

async function main() {
  if (!(ORDERS > 0 && CONCURRENCY > 0)) throw new Error('--orders and --concurrency take positive numbers');
  const customers = await Promise.all(Array.from({ length: CONCURRENCY }, customer));
  const catalog = (await call('GET', '/api/products')).body.items as { id: string; availability: number | null }[];
  const product = [...catalog].sort((a, b) => (b.availability ?? 0) - (a.availability ?? 0))[0]!;
  process.stdout.write(
    `placing ${ORDERS} orders of 1 × ${product.id} (available: ${product.availability}) with ${CONCURRENCY} customers at once on ${GATEWAY}\n`,
  );

  const results: Result[] = [];
  let next = 0;
  const started = performance.now();
  const progress = setInterval(() => process.stdout.write(`  ${results.length}/${ORDERS} settled\n`), 5_000);
  await Promise.all(
    customers.map(async (auth) => {
      while (next < ORDERS) {
        next += 1;
        results.push(await placeOne(auth, product.id));
      }
    }),
  );
  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;

  const confirmed = results.filter((r) => r.outcome === 'CONFIRMED');
  process.stdout.write(
    [
      `answers to POST /api/orders: ${tally(results.map((r) => r.placeStatus))}`,
      `outcomes: ${tally(results.map((r) => r.outcome))}`,
      `placement latency (ms): ${latencyLine(results.map((r) => r.placeMs))}`,
      `time to CONFIRMED (ms): ${latencyLine(confirmed.map((r) => r.settleMs!))}`,
      `throughput: ${(confirmed.length / seconds).toFixed(1)} confirmed orders/s over ${seconds.toFixed(1)} s`,
    ].join('\n') + '\n',
  );
  process.exit(confirmed.length === ORDERS ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
