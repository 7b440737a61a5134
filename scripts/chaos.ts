// `npm run chaos -- [--orders 100] [--concurrency 8] [--start] [--seed N] [--ci]`: places orders like real clients while
// killing, pausing and slowing parts of the platform, then audits every service database; `--help` lists the options.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { PAYMENT_TEST_TOKENS } from '../contracts';
import { loadConfig, PROJECT_ROOT, type PlatformConfig } from '../lib/config';
import { isolatedStackEnv, offsetPortEnv, stackPorts } from './stack/offset-stack';
import { listeningPorts, startOwnStack, stopOwnStack } from './stack/stack-process';
import { auditRun, outcomes, type CheckResult, type StockRow, type SubmittedOrder } from './chaos/audit';
import { readAuditRows, readStock } from './chaos/audit-db';
import { checkStreamEnvelopes, waitForEvents } from './chaos/events';
import { placeOrders, type PlacementResult } from './chaos/clients';
import { signUp, type ChaosCustomer } from './chaos/customers';
import { faultChecks } from './chaos/fault-checks';
import { planFaults } from './chaos/fault-schedule';
import { FaultInjector } from './chaos/faults';
import { AnswerLog, GatewayClient } from './chaos/gateway-client';
import { CHAOS_USAGE, parseChaosOptions, type ChaosOptions } from './chaos/options';
import { planOrders, restockNeeds, type PlannedOrder } from './chaos/order-plan';
import { restockProducts } from './chaos/restocker';
import { isSettled, OrderTracker } from './chaos/order-tracker';
import { SeededRandom } from './chaos/random';
import { CHAOS_RESULTS_DIR, chaosSummaryFile, renderReport, type ChaosSummary } from './chaos/report';
import { isRetryable } from './chaos/retry-policy';
import { Shipper } from './chaos/shipper';

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Customers signed up at once. */
const SIGN_UPS_AT_ONCE = 3;

/** Where the run's JSON summaries go (git-ignored). */

/** The stack to drive: its settings, and the supervisor process when the suite started it. */
interface Target {
  config: PlatformConfig;
  own?: ChildProcess;
  logFile?: string;
}

/** Environment of the stack `--start` runs: ports moved by the offset, its own data folder, limits raised for one client IP. */
function ownStackEnv(opts: ChaosOptions): NodeJS.ProcessEnv {
  return isolatedStackEnv({
    DATA_DIR: path.resolve(PROJECT_ROOT, opts.dataDir),
    ...offsetPortEnv(opts.offset),
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_ORDERS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  });
}

/** Polls `check` until it is true or `timeoutMs` passes. */
async function until(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 1_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** Retries `work` (a database read right after a PostgreSQL restart, say) until it succeeds or `timeoutMs` passes. */
async function retrying<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(2_000);
    }
  }
}

async function run(opts: ChaosOptions, target: Target, onInjector: (i: FaultInjector) => void): Promise<ChaosSummary> {
  const { config } = target;
  const runStart = Date.now();
  const runId = randomUUID().slice(0, 8);
  const log = new AnswerLog();
  const gateway = new GatewayClient(`http://127.0.0.1:${config.GATEWAY_PORT}`, log); // backoff jitter: Math.random (timing is not reproducible anyway)
  const errors: string[] = [];
  const since = () => `${((Date.now() - runStart) / 1000).toFixed(1)} s`;

  if (
    !(await until(async () => (await gateway.request('GET', '/health', { timeoutMs: 3_000 })).status === 200, 60_000))
  ) {
    throw new Error(
      `the gateway at ${gateway.baseUrl} does not answer GET /health with 200: start the stack (npm start) or pass --start`,
    );
  }
  const stockBefore: StockRow[] = await retrying(() => readStock(config), 30_000);
  const listed = await gateway.request('GET', '/api/products');
  const catalog = listed.body.items as { id: string; priceCents: number }[] | undefined;
  if (!catalog)
    throw new Error(
      `GET /api/products did not list the catalog (answered ${listed.status}` +
        (listed.status === 429
          ? ': this machine spent its /api rate limit within the last minute; run again after it'
          : '') +
        ')',
    );

  say(`signing up ${opts.concurrency} customers and a probe customer (run ${runId}, seed ${opts.seed})`);
  // three at a time: each login is a scrypt check in the users service, and many at once outlast the gateway's call timeout
  const customers: ChaosCustomer[] = [];
  for (let i = 0; i <= opts.concurrency; i += SIGN_UPS_AT_ONCE) {
    const batch = Array.from({ length: Math.min(SIGN_UPS_AT_ONCE, opts.concurrency + 1 - i) }, (_, j) =>
      signUp(gateway, `chaos-${runId}-${i + j}@example.com`, 60_000),
    );
    customers.push(...(await Promise.all(batch)));
  }
  const probeCustomer = customers.pop()!;

  // Stock the run may take from, restocked first through the restockProduct workflow where it is short; the audit
  // counts the restocked units by the restock ledger.
  const stockOf = new Map(stockBefore.map((s) => [s.product_id, s.available]));
  const plannable = () =>
    catalog.map((p) => ({ id: p.id, priceCents: p.priceCents, available: stockOf.get(p.id) ?? 0 }));
  const needs = restockNeeds({
    count: opts.orders,
    products: plannable(),
    approvalThresholdCents: config.APPROVAL_THRESHOLD_CENTS,
  });
  for (const restocked of await restockProducts(config.temporalAddress, config.TEMPORAL_NAMESPACE, runId, needs)) {
    say(`  restocked ${restocked.quantity} × ${restocked.productId}: ${restocked.availableAfter} available`);
    stockOf.set(restocked.productId, restocked.availableAfter);
  }
  const plan: PlannedOrder[] = planOrders({
    count: opts.orders,
    customers: customers.length,
    approvalThresholdCents: config.APPROVAL_THRESHOLD_CENTS,
    windowMs: opts.windowMs,
    cancelRatio: opts.cancelRatio,
    shipRatio: opts.shipRatio,
    runId,
    random: new SeededRandom(opts.seed), // the same seed, the same plans
    products: plannable(),
  });
  const schedule = planFaults({
    windowMs: opts.windowMs,
    workerKills: opts.workerKills,
    pauseMs: opts.pauseMs,
    latencyMs: opts.latencyMs,
    latencyWindowMs: opts.latencyWindowMs,
    random: new SeededRandom(opts.seed + 1),
  });
  const probeProduct = [...stockBefore].sort((a, b) => b.available - a.available)[0]!.product_id;

  // Probe orders: one Idempotency-Key per recovery measurement, sent again until accepted (like any client).
  const probes = new Map<number, SubmittedOrder>();
  const platformAnswers = async (measurement: number): Promise<boolean> => {
    if ((await gateway.request('GET', '/health', { timeoutMs: 2_000 })).status !== 200) return false;
    const key = `probe-${runId}-${measurement}`;
    const submitted = probes.get(measurement) ?? { customerId: probeCustomer.id, idempotencyKey: key, accepted: false };
    probes.set(measurement, submitted);
    const answer = await gateway.request('POST', '/api/orders', {
      body: { items: [{ productId: probeProduct, quantity: 1 }], paymentToken: PAYMENT_TEST_TOKENS.ok },
      headers: { Authorization: probeCustomer.authorization, 'Idempotency-Key': key },
      route: 'POST /api/orders (probe)',
      timeoutMs: 5_000,
    });
    if (answer.status !== 201 && answer.status !== 202) return false;
    submitted.accepted = true;
    submitted.orderId = answer.body.orderId as string;
    return true;
  };

  const windowStart = Date.now() + 1_000;
  const injector = new FaultInjector({
    dataDir: config.DATA_DIR,
    providerUrl: config.paymentProviderUrl,
    runStart,
    windowStart,
    recoveryTimeoutMs: opts.recoveryTimeoutMs,
    platformAnswers,
    say,
  });
  onInjector(injector);

  // Tracking (GET /api/orders per customer) and shipping (the ship signal) run beside the clients and the faults.
  const tracker = new OrderTracker(gateway, [...customers, probeCustomer]);
  const shipper = new Shipper(config.temporalAddress, config.TEMPORAL_NAMESPACE);
  const toShip = new Set<string>();
  const accepted = new Map<string, PlacementResult>();
  let tracking = true;
  const awaitingShipment = () => [...toShip].filter((id) => tracker.orders.get(id)?.status === 'CONFIRMED');
  const trackLoop = (async () => {
    while (tracking) {
      await tracker.poll();
      for (const id of awaitingShipment().filter((i) => shipper.due(i))) {
        if (!tracking) break; // each signal may take 10 s while Temporal is down: stop with the settle deadline
        await shipper.ship(id);
      }
      await sleep(2_000);
    }
  })();
  const progress = setInterval(() => {
    const settledCount = [...accepted.keys()].filter((id) => {
      const s = tracker.orders.get(id)?.status;
      return s !== undefined && isSettled(s);
    }).length;
    say(`  ${since()}: ${accepted.size}/${plan.length} accepted, ${settledCount} CONFIRMED or final`);
  }, 15_000);

  say(
    `placing ${plan.length} orders over ${opts.windowMs / 1000} s with ${opts.concurrency} clients on ${gateway.baseUrl}; ${schedule.length} faults planned`,
  );
  const [placements] = await Promise.all([
    placeOrders({
      plan,
      customers,
      client: gateway,
      concurrency: opts.concurrency,
      windowStart,
      runStart,
      postDeadlineMs: opts.postDeadlineMs,
      onAccepted: (r) => {
        if (!r.orderId) return;
        accepted.set(r.orderId, r);
        if (r.planned.ship) toShip.add(r.orderId);
      },
    }),
    injector.run(schedule).catch((err: unknown) => {
      errors.push(`fault injection stopped: ${(err as Error).message}`);
    }),
  ]);
  await injector.abortAndUndo(); // nothing left stopped or slow, whatever happened

  say(
    `${since()}: placement done; waiting up to ${opts.settleTimeoutMs / 1000} s for every accepted order to be CONFIRMED or final`,
  );
  const acceptedIds = () => [
    ...accepted.keys(),
    ...[...probes.values()].flatMap((p) => (p.orderId ? [p.orderId] : [])),
  ];
  // an order whose cancellation was accepted is waited for until final: its refund and restock may still be retrying
  const cancelled = new Set(placements.flatMap((p) => (p.cancel?.status === 202 && p.orderId ? [p.orderId] : [])));
  await until(
    async () => tracker.unsettled(acceptedIds(), cancelled).length === 0 && awaitingShipment().length === 0,
    opts.settleTimeoutMs,
    2_000,
  );
  tracking = false;
  clearInterval(progress);
  await trackLoop;
  await shipper.close();
  const unsettled = tracker.unsettled(acceptedIds(), cancelled);
  if (unsettled.length)
    say(
      `  ${unsettled.length} orders not CONFIRMED or final after ${opts.settleTimeoutMs / 1000} s (as the gateway lists them)`,
    );

  // Events: wait until every outbox is published and every consumer group is through, so the audit sees their effects.
  say(`${since()}: waiting up to 120 s for every event to be published and consumed`);
  const inFlight = await waitForEvents(config, 120_000);
  if (inFlight.length) say(`  still in flight: ${inFlight.join('; ')}`);

  // Audit, as the PostgreSQL superuser, straight from each service's database.
  const submitted: SubmittedOrder[] = [
    ...placements.map((p) => ({
      customerId: p.customerId,
      idempotencyKey: p.planned.idempotencyKey,
      accepted: p.accepted,
      ...(p.orderId ? { orderId: p.orderId } : {}),
    })),
    ...probes.values(),
  ];
  let checks: CheckResult[] = [];
  let outcomeCounts = new Map<string, number>();
  try {
    const rows = await retrying(
      () =>
        readAuditRows(
          config,
          [...customers, probeCustomer].map((c) => c.id),
          acceptedIds(),
        ),
      60_000,
    );
    const cancelAccepted = [...cancelled];
    const shipSignalled = [...shipper.delivered].map(([orderId, { count }]) => ({ orderId, signals: count }));
    const input = { ...rows, submitted, cancelAccepted, shipSignalled, stockBefore };
    checks = auditRun(input);
    outcomeCounts = outcomes(input);
    const customerIds = [...customers, probeCustomer].map((c) => c.id);
    checks.push(
      await checkStreamEnvelopes(
        config,
        rows.orders.map((o) => o.id),
        customerIds,
      ),
    );
  } catch (err) {
    errors.push(`audit could not read the databases: ${(err as Error).message}`);
    checks.push({
      id: 'audit-ran',
      title: 'the audit read every service database',
      ok: false,
      checked: 0,
      violations: 1,
      details: [(err as Error).message],
    });
    for (const o of tracker.orders.values()) {
      const key = `${o.failureReason ? `${o.status}/${o.failureReason}` : o.status} (as the gateway listed it)`;
      outcomeCounts.set(key, (outcomeCounts.get(key) ?? 0) + 1);
    }
  }
  const unanswered = placements.filter((p) => isRetryable(p.status)); // still refused when the deadline passed
  checks.push({
    id: 'every-post-answered',
    title: 'every order POST got a 201/202 or a business 4xx within the deadline',
    ok: unanswered.length === 0,
    checked: placements.length,
    violations: unanswered.length,
    details: unanswered
      .slice(0, 5)
      .map((p) => `${p.planned.idempotencyKey}: last answer ${p.status} after ${p.tries} tries`),
  });
  checks.push(...faultChecks(injector.records, schedule.length, opts.workerKills));

  return {
    startedAt: new Date(runStart).toISOString(),
    seed: opts.seed,
    settings: {
      orders: opts.orders,
      concurrency: opts.concurrency,
      windowS: opts.windowMs / 1000,
      workerKills: opts.workerKills,
      pauseS: opts.pauseMs / 1000,
      latencyMs: opts.latencyMs,
      latencyWindowS: opts.latencyWindowMs / 1000,
      ci: opts.ci,
      ownStack: Boolean(target.own),
    },
    gateway: gateway.baseUrl,
    dataDir: config.DATA_DIR,
    durationS: (Date.now() - runStart) / 1000,
    orders: {
      planned: plan.length,
      accepted: placements.filter((p) => p.accepted).length,
      probes: [...probes.values()].filter((p) => p.accepted).length,
      outcomes: Object.fromEntries(outcomeCounts),
    },
    faults: injector.records,
    answers: log.rows(),
    checks,
    errors,
    placements: placements.map((p) => ({
      key: p.planned.idempotencyKey,
      customerId: p.customerId,
      orderId: p.orderId,
      items: p.planned.items,
      token: p.planned.paymentToken,
      ship: p.planned.ship,
      answer: p.status,
      tries: p.tries,
      answeredAtS: p.answeredAtS,
      cancel: p.cancel,
      listedAs: p.orderId ? tracker.orders.get(p.orderId)?.status : undefined,
    })),
    ok: errors.length === 0 && checks.every((c) => c.ok),
  };
}

async function main(): Promise<number> {
  let opts: ChaosOptions;
  try {
    opts = parseChaosOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${CHAOS_USAGE}`);
    return 2;
  }
  if (opts.help) {
    say(CHAOS_USAGE);
    return 0;
  }

  const target: Target = { config: loadConfig(opts.start ? ownStackEnv(opts) : process.env) };
  let injector: FaultInjector | undefined;
  const cleanUp = async () => {
    await injector?.abortAndUndo().catch(() => undefined);
    if (target.own) await stopOwnStack(target.own);
  };
  let stopping = false;
  const interrupt = (signal: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: undoing faults${target.own ? ' and stopping the stack' : ''}`);
    void cleanUp().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => interrupt('SIGINT', 130));
  process.on('SIGTERM', () => interrupt('SIGTERM', 143));
  // Every wait is bounded; this is the bound of them all.
  const hardLimitMs =
    opts.windowMs + opts.postDeadlineMs + opts.settleTimeoutMs + 4 * opts.recoveryTimeoutMs + 15 * 60_000;
  setTimeout(() => interrupt(`no result after ${Math.round(hardLimitMs / 1000)} s`, 2), hardLimitMs).unref();

  if (opts.start) {
    target.logFile = `${target.config.DATA_DIR}.log`;
    say(`starting a stack of its own (ports +${opts.offset}, data ${target.config.DATA_DIR}, log ${target.logFile})`);
    const started = Date.now();
    target.own = await startOwnStack({ env: ownStackEnv(opts), logFile: target.logFile, fresh: true });
    say(`stack up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  let summary: ChaosSummary;
  try {
    summary = await run(opts, target, (i) => (injector = i));
  } catch (err) {
    process.stderr.write(`✖ ${(err as Error).message}\n`);
    await cleanUp();
    return 2;
  }
  if (target.own) {
    const code = await stopOwnStack(target.own);
    const left = await listeningPorts(stackPorts(target.config));
    if (code !== 0 || left.length) {
      summary.errors.push(
        `the stack did not stop cleanly on SIGINT (exit code ${code}, ports still listening: ${left.join(', ') || 'none'}; see ${target.logFile})`,
      );
      summary.ok = false;
    }
  }
  say('');
  say(renderReport(summary));
  mkdirSync(CHAOS_RESULTS_DIR, { recursive: true });
  const file = chaosSummaryFile(summary.startedAt);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  say(`summary written to ${path.relative(PROJECT_ROOT, file)}`);
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
