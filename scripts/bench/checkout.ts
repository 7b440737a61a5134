import { randomUUID } from 'node:crypto';
import { FINAL_STATUSES, itemPath, PAYMENT_TEST_TOKENS, SERVICE_READ_PATHS, type OrderStatus } from '../../contracts';
import { internalAuthHeader } from '../../lib/internal-auth';
import type { BenchCustomer, CustomerPool } from './customers';
import { heed } from './customers';
import { requestJson, sleep, type AnswerCounts } from './http';
import { countBy, perSecond, runConcurrently, summarize, type LatencySummary } from './stats';

/** How the checkout reaches the platform: the gateway for orders, the orders service (internal token) for statuses. */
export interface CheckoutTarget {
  gateway: string;
  ordersServiceUrl: string;
  internalToken: string;
  productId: string;
  pollMs: number;
  /** Ceiling of the status reads per second over every pending order (0: none): the orders worker also runs the saga. */
  maxReadsPerSecond: number;
  settleTimeoutMs: number;
  counts: AnswerCounts;
}

/** Milliseconds between two reads of one pending order: `pollMs`, or longer so `pending` orders stay under the ceiling. */
export const readInterval = (pollMs: number, pending: number, maxReadsPerSecond: number): number =>
  maxReadsPerSecond > 0 ? Math.max(pollMs, Math.ceil((Math.max(1, pending) * 1000) / maxReadsPerSecond)) : pollMs;

/** One order as the bench followed it. */
export interface OrderSample {
  /** Answer to the last `POST /api/orders` (201 or 202 when taken). */
  placeStatus: number | string;
  /** POSTs sent for this order (more than one after a 429 or 503). */
  posts: number;
  /** From sending the first POST to its 201/202 answer, in ms. */
  placeMs: number;
  /** CONFIRMED, a final status (with its reason), `not settled`, or `refused <status>`. */
  outcome: string;
  /** From sending the first POST to the orders database's `updated_at` of the CONFIRMED row, in ms. */
  confirmedMs?: number;
  /** From sending the first POST to the bench's read that first saw CONFIRMED, in ms (bounded below by the above). */
  observedMs?: number;
  /** Wall-clock time (epoch ms) the order was CONFIRMED, per the orders database. */
  confirmedAt?: number;
}

/** One concurrency level of the checkout. */
export interface CheckoutLevel {
  concurrency: number;
  orders: number;
  placement: LatencySummary;
  toConfirmed: LatencySummary;
  /** How much later than the database's own time the bench's reads saw CONFIRMED (the poll interval's share). */
  detectionLag: LatencySummary;
  /** CONFIRMED orders per second, from the first POST to the last CONFIRMED row. */
  confirmedPerSecond: number | null;
  elapsedMs: number;
  outcomes: Record<string, number>;
  postAnswers: Record<string, number>;
  /** Reads of the orders service while following the orders, and their rate. */
  statusReads: number;
  statusReadsPerSecond: number | null;
}

interface OrderRecordBody {
  orderId?: string;
  status?: OrderStatus;
  failureReason?: string;
  updatedAt?: string;
}

const isSettled = (status: OrderStatus | undefined) =>
  status === 'CONFIRMED' || (status !== undefined && FINAL_STATUSES.includes(status));

/** One checkout level: places orders through the gateway and reads their status from the orders service. */
class CheckoutRun {
  statusReads = 0;
  /** Orders being followed to CONFIRMED right now. */
  private pending = 0;

  constructor(
    private readonly target: CheckoutTarget,
    private readonly pool: CustomerPool,
    private readonly keyPrefix: string,
  ) {}

  /** POSTs one order until the gateway takes it (201/202), retrying a 429 or 503 under the same key. */
  private async place(customer: BenchCustomer, key: string) {
    const body = { items: [{ productId: this.target.productId, quantity: 1 }], paymentToken: PAYMENT_TEST_TOKENS.ok };
    const sentAt = Date.now();
    const started = performance.now();
    for (let posts = 1; ; posts++) {
      if (posts > 1) await this.pool.again(customer);
      const answer = await requestJson(`${this.target.gateway}/api/orders`, {
        method: 'POST',
        body,
        headers: { Authorization: customer.authorization, 'Idempotency-Key': key },
        route: 'POST /api/orders',
        counts: this.target.counts,
      });
      heed(customer.orders, answer);
      const retry = (answer.status === 429 || answer.status === 503) && posts < 10;
      if (!retry) return { answer, posts, sentAt, placeMs: performance.now() - started };
      if (answer.status === 503) await sleep(500);
    }
  }

  /** Reads the order from the orders service (see readInterval) until it is CONFIRMED or final, or the timeout passes. */
  private async settle(orderId: string, sentAt: number): Promise<{ record?: OrderRecordBody; observedAt?: number }> {
    const url = `${this.target.ordersServiceUrl}${itemPath(SERVICE_READ_PATHS.orders, orderId)}`;
    const headers = internalAuthHeader(this.target.internalToken);
    const deadline = sentAt + this.target.settleTimeoutMs;
    this.pending += 1;
    try {
      while (Date.now() < deadline) {
        this.statusReads += 1;
        const answer = await requestJson(url, { headers, timeoutMs: 5_000 });
        const record = answer.body as OrderRecordBody;
        if (answer.status === 200 && isSettled(record.status)) return { record, observedAt: Date.now() };
        await sleep(readInterval(this.target.pollMs, this.pending, this.target.maxReadsPerSecond));
      }
      return {};
    } finally {
      this.pending -= 1;
    }
  }

  /** Places one order and follows it to CONFIRMED (or final). */
  async one(): Promise<OrderSample> {
    const customer = await this.pool.take();
    const placed = await this.place(customer, `${this.keyPrefix}-${randomUUID()}`);
    const { answer, posts, sentAt } = placed;
    const placeMs = Math.round(placed.placeMs * 10) / 10;
    if (answer.status !== 201 && answer.status !== 202)
      return { placeStatus: answer.status, posts, placeMs, outcome: `refused ${answer.status}` };
    const first = answer.body as OrderRecordBody;
    const settled =
      answer.status === 201 && isSettled(first.status)
        ? { record: first, observedAt: Date.now() }
        : await this.settle(String(first.orderId), sentAt);
    const record = settled.record;
    if (!record?.status) return { placeStatus: answer.status, posts, placeMs, outcome: 'not settled' };
    const outcome = record.failureReason ? `${record.status}/${record.failureReason}` : record.status;
    if (record.status !== 'CONFIRMED' || !record.updatedAt)
      return { placeStatus: answer.status, posts, placeMs, outcome };
    const confirmedAt = Date.parse(record.updatedAt);
    return {
      placeStatus: answer.status,
      posts,
      placeMs,
      outcome,
      confirmedAt,
      confirmedMs: confirmedAt - sentAt,
      observedMs: (settled.observedAt ?? confirmedAt) - sentAt,
    };
  }
}

/**
 * Places `orders` orders of one unit of the target product with `tok_ok`, `concurrency` at a time (each slot places its
 * next order once its last one is CONFIRMED or final), customers taken from `pool`.
 *
 * Time to CONFIRMED is the orders database's own `updated_at` of the CONFIRMED row (PostgreSQL's `now()` in the
 * `setOrderStatus` update) minus the wall-clock time the POST was sent, on the same machine: the bench reads the orders
 * service's `GET /orders/:id` (every `pollMs`, at most `maxReadsPerSecond` in all) only to learn that the row changed,
 * so the read interval adds nothing to the figure (it is reported apart as the detection lag).
 */
export async function measureCheckout(
  target: CheckoutTarget,
  pool: CustomerPool,
  orders: number,
  concurrency: number,
  runId: string,
): Promise<{ level: CheckoutLevel; samples: OrderSample[] }> {
  const run = new CheckoutRun(target, pool, `bench-${runId}-c${concurrency}`);
  const startedAt = Date.now();
  const { results, elapsedMs } = await runConcurrently(orders, concurrency, () => run.one());
  const confirmed = results.filter((r) => r.confirmedMs !== undefined);
  const lastConfirmed = Math.max(startedAt, ...confirmed.map((r) => r.confirmedAt!));
  return {
    samples: results,
    level: {
      concurrency,
      orders,
      placement: summarize(results.filter((r) => r.placeStatus === 201 || r.placeStatus === 202).map((r) => r.placeMs)),
      toConfirmed: summarize(confirmed.map((r) => r.confirmedMs!)),
      detectionLag: summarize(confirmed.map((r) => Math.max(0, r.observedMs! - r.confirmedMs!))),
      confirmedPerSecond: perSecond(confirmed.length, lastConfirmed - startedAt),
      elapsedMs: Math.round(elapsedMs),
      outcomes: countBy(results.map((r) => r.outcome)),
      postAnswers: countBy(results.map((r) => r.placeStatus)),
      statusReads: run.statusReads,
      statusReadsPerSecond: perSecond(run.statusReads, elapsedMs),
    },
  };
}
