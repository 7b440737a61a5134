// `npm run load -- [options]` (see `--help`): places
// orders through a running gateway like many customers at once, waits for each to settle (reading the orders service,
// not the gateway), shows a progress bar, prints placement latency, time to CONFIRMED and throughput, and writes an HTML
// report with charts and the same figures as JSON.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FINAL_STATUSES, SERVICE_READ_PATHS, itemPath, type OrderDto, type OrderRecord } from '../contracts';
import { loadConfig, PROJECT_ROOT, serviceUrl } from '../lib/config';
import { internalApiToken, internalAuthHeader } from '../lib/internal-auth';
import { latencyOverTimeSpec, latencyHistogramSpec, renderSvg } from './load/charts';
import { reportHtml } from './load/html';
import { POLL_BACKOFF, pollUntilSettled, type ReadResult } from './load/poll';
import { startProgress, type Counts } from './load/progress';
import { buildReport, type OrderSample } from './load/report';
import { latencyLine, tally } from './load/stats';
import { LOAD_USAGE, parseLoadOptions, type LoadOptions } from './load/options';

let options: LoadOptions;
try {
  options = parseLoadOptions(process.argv.slice(2), PROJECT_ROOT);
} catch (err) {
  process.stderr.write(`✖ ${(err as Error).message}\n\n${LOAD_USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(LOAD_USAGE);
  process.exit(0);
}
const config = loadConfig();
const ORDERS = options.orders;
const CONCURRENCY = options.concurrency;
const GATEWAY = options.gateway ?? `http://127.0.0.1:${config.GATEWAY_PORT}`;
const ORDERS_SERVICE = options.ordersService ?? serviceUrl(config, 'orders').replace(/\/$/, '');
const SETTLE_MS = options.settleTimeoutMs;
const POLLING =
  `Orders were read on the orders service (${ORDERS_SERVICE}) ${POLL_BACKOFF.firstMs} ms after the placement answer, ` +
  `then at gaps doubling up to ${POLL_BACKOFF.maxMs} ms: a time to CONFIRMED is when a read first saw the order settled, ` +
  'late by at most the gap since the read before it (its resolution).';

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const gateway = (method: string, route: string, body?: unknown, headers?: Record<string, string>) =>
  call(method, `${GATEWAY}${route}`, body, headers);

/** Reads orders from the orders service's read API with the deployment's internal credential. */
class OrdersReader {
  private readonly headers: Record<string, string>;

  constructor(token: string) {
    this.headers = internalAuthHeader(token);
  }

  private get(orderId: string) {
    return call('GET', `${ORDERS_SERVICE}${itemPath(SERVICE_READ_PATHS.orders, orderId)}`, undefined, this.headers);
  }

  /** Fails early, naming the fix, when the orders service is not there or refuses the credential. */
  async check(): Promise<void> {
    const probe = await this.get(`load-probe-${randomUUID()}`).catch((err: unknown) => {
      throw new Error(
        `no orders service at ${ORDERS_SERVICE} (${err instanceof Error ? err.message : String(err)}); ` +
          "run with the stack's ORDERS_HTTP_PORT or pass --orders-service",
      );
    });
    if (probe.status === 401)
      throw new Error(
        `the orders service at ${ORDERS_SERVICE} refused the internal credential: run with the stack's DATA_DIR or INTERNAL_API_TOKEN`,
      );
    if (probe.status !== 404)
      throw new Error(`the orders service at ${ORDERS_SERVICE} answered ${probe.status} to a read of an unknown order`);
  }

  /** CONFIRMED or final, or not yet (pending, not stored yet, or a failed read: the next read tries again). */
  async read(orderId: string): Promise<ReadResult> {
    const res = await this.get(orderId).catch(() => undefined);
    if (res?.status === 401) throw new Error(`the orders service at ${ORDERS_SERVICE} refused the internal credential`);
    if (res?.status !== 200) return { settled: false };
    const order = res.body as unknown as OrderRecord;
    if (order.status !== 'CONFIRMED' && !FINAL_STATUSES.includes(order.status)) return { settled: false };
    return { settled: true, outcome: order.failureReason ? `${order.status}/${order.failureReason}` : order.status };
  }
}

/** Registers and signs in one load customer; a customer places at most RATE_LIMIT_ORDERS_PER_MINUTE orders a minute. */
async function customer(): Promise<string> {
  const email = `load-${randomUUID()}@example.com`;
  const password = 'load-test-password';
  const registered = await gateway('POST', '/api/auth/register', { email, name: 'Load Test', password });
  const login = await gateway('POST', '/api/auth/login', { email, password });
  if (registered.status !== 201 || login.status !== 200) {
    throw new Error(
      `could not sign up a load customer (register ${registered.status}, login ${login.status}); ` +
        "a 429 means the gateway's limits are lower than this run: start it with RATE_LIMIT_LOGIN_PER_MINUTE and RATE_LIMIT_ORDERS_PER_MINUTE raised",
    );
  }
  return `Bearer ${login.body.token as string}`;
}

/** Places one order, then reads it on the orders service (with backoff) until it is CONFIRMED or final. */
async function placeOne(
  auth: string,
  productId: string,
  reader: OrdersReader,
  runStarted: number,
  onPlaced: () => void,
): Promise<OrderSample> {
  const started = performance.now();
  const placed = await gateway(
    'POST',
    '/api/orders',
    { items: [{ productId, quantity: 1 }], paymentToken: options.token },
    { Authorization: auth, 'Idempotency-Key': randomUUID() },
  );
  const placeMs = performance.now() - started;
  const sample = { startMs: started - runStarted, placeStatus: placed.status, placeMs };
  if (placed.status !== 201 && placed.status !== 202) return { ...sample, outcome: `refused ${placed.status}` };
  onPlaced();
  const orderId = (placed.body as unknown as OrderDto).orderId;
  const waited = await pollUntilSettled(() => reader.read(orderId), {
    startedAt: started,
    sinceMs: placeMs,
    deadline: started + SETTLE_MS,
  });
  if (!waited.settled) return { ...sample, outcome: 'not settled' };
  return { ...sample, outcome: waited.outcome, settleMs: waited.settledMs, settleLowerMs: waited.lastPendingMs };
}

/** Writes the HTML report (two charts as inline SVG) and the JSON of the same figures; returns their paths. */
async function writeReport(report: ReturnType<typeof buildReport>): Promise<{ html: string; json: string }> {
  const dir = options.reportDir;
  mkdirSync(dir, { recursive: true });
  const base = `load-report-${report.run.startedAt.replace(/[:.]/g, '-')}`;
  const json = path.join(dir, `${base}.json`);
  const html = path.join(dir, `${base}.html`);
  const charts = [
    { title: 'Latency over time', svg: await renderSvg(latencyOverTimeSpec(report)) },
    { title: 'Latency histograms', svg: await renderSvg(latencyHistogramSpec(report)) },
  ];
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, reportHtml(report, charts, path.basename(json)));
  return { html, json };
}

/** A path relative to the working folder when it is inside it, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function main() {
  const reader = new OrdersReader(internalApiToken(config));
  await reader.check();
  const customers = await Promise.all(Array.from({ length: CONCURRENCY }, customer));
  const catalog = (await gateway('GET', '/api/products')).body.items as { id: string; availability: number | null }[];
  const product = [...catalog].sort((a, b) => (b.availability ?? 0) - (a.availability ?? 0))[0]!;
  process.stdout.write(
    `placing ${ORDERS} orders of 1 × ${product.id} (available: ${product.availability}) with ${CONCURRENCY} customers at once on ${GATEWAY}\n`,
  );
  if (product.availability !== null && product.availability < ORDERS)
    process.stdout.write(
      `⚠ only ${product.availability} units in stock: later orders will fail OUT_OF_STOCK (README, "Restocking", adds units with the restockProduct workflow)\n`,
    );

  const results: OrderSample[] = [];
  const counts: Counts = { placed: 0, settled: 0, confirmed: 0, failed: 0 };
  let next = 0;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const progress = startProgress(ORDERS);
  await Promise.all(
    customers.map(async (auth) => {
      while (next < ORDERS) {
        next += 1;
        const result = await placeOne(auth, product.id, reader, started, () => {
          counts.placed += 1;
          progress.update(counts);
        });
        results.push(result);
        counts.settled += 1;
        if (result.outcome === 'CONFIRMED') counts.confirmed += 1;
        else counts.failed += 1;
        progress.update(counts);
      }
    }),
  );
  progress.stop();
  const seconds = (performance.now() - started) / 1000;

  const confirmed = results.filter((r) => r.outcome === 'CONFIRMED');
  const report = buildReport(
    {
      startedAt,
      orders: ORDERS,
      concurrency: CONCURRENCY,
      gateway: GATEWAY,
      ordersService: ORDERS_SERVICE,
      productId: product.id,
      durationS: Math.round(seconds * 10) / 10,
      polling: POLLING,
    },
    results,
  );
  process.stdout.write(
    [
      `answers to POST /api/orders: ${tally(results.map((r) => r.placeStatus))}`,
      `outcomes: ${tally(results.map((r) => r.outcome))}`,
      `placement latency (ms): ${latencyLine(results.map((r) => r.placeMs))}`,
      `time to CONFIRMED (ms): ${latencyLine(confirmed.map((r) => r.settleMs!))}`,
      `time to CONFIRMED resolution (ms): ${latencyLine(confirmed.map((r) => r.settleMs! - r.settleLowerMs!))}`,
      `throughput: ${(confirmed.length / seconds).toFixed(1)} confirmed orders/s over ${seconds.toFixed(1)} s`,
    ].join('\n') + '\n',
  );
  const refused = results.filter((r) => r.placeStatus === 429).length;
  if (refused)
    process.stdout.write(
      `⚠ ${refused} orders were refused 429 by the gateway's rate limits, meant for real clients: start the stack with ` +
        'RATE_LIMIT_ORDERS_PER_MINUTE=100000 RATE_LIMIT_LOGIN_PER_MINUTE=1000 for a load run (README, "Load generation")\n',
    );
  const files = await writeReport(report);
  process.stdout.write(`report: ${shown(files.html)}\nfigures: ${shown(files.json)}\n`);
  process.exit(confirmed.length === ORDERS ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
