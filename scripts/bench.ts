// `npm run bench -- [options]`: measures a running stack (engine floor, checkout, gateway read path, memory) and prints
// one table plus a JSON file under bench/results/. See `--help` and README's "Benchmark (`npm run bench`)".
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { itemPath, SERVICE_READ_PATHS } from '../contracts';
import { loadConfig, PROJECT_ROOT, serviceUrl, type PlatformConfig } from '../lib/config';
import { internalApiToken, internalAuthHeader, internalTokenFile } from '../lib/internal-auth';
import { connectClient } from '../lib/temporal';
import { measureCheckout, type CheckoutLevel, type CheckoutTarget } from './bench/checkout';
import { AnonymousClient, CustomerPool, type BenchCustomer, type GatewayLimits } from './bench/customers';
import { measureEngineFloor, type FloorResult } from './bench/engine-floor';
import { AnswerCounts, requestJson } from './bench/http';
import { cpuDelta, cpuSnapshot, machineBusySeconds } from './bench/cpu';
import { stackMemory } from './bench/memory';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions, type BenchOptions } from './bench/options';
import { pacedLimit } from './bench/pacer';
import { computeRatios } from './bench/ratios';
import { measureReadPath } from './bench/read-path';
import { renderReport, writeReportJson, type BenchReport, type PartCpu } from './bench/report';
import { restock } from './bench/restock';
import { readPids } from './chaos/pids';
import { pidFilePath } from './stack/pid-file';

/** The bench cannot measure at all (no stack, a wrong credential): exit 1 with its one-line message. */
class CannotMeasure extends Error {}

const say = (line: string) => process.stdout.write(`${line}\n`);

interface CatalogItem {
  id: string;
  priceCents: number;
  availability: number | null;
}

/** Checks that the stack answers and that this process holds its internal credential; returns that credential. */
async function preflight(options: BenchOptions, config: PlatformConfig): Promise<string> {
  const health = await requestJson(`${options.gateway}/health`, { timeoutMs: 5_000 });
  if (typeof health.status !== 'number')
    throw new CannotMeasure(`no gateway at ${options.gateway} — start the stack with npm start`);
  if (health.status !== 200)
    throw new CannotMeasure(`the gateway at ${options.gateway} answers /health ${health.status}: the stack is not up`);
  if (!config.INTERNAL_API_TOKEN && !existsSync(internalTokenFile(config.DATA_DIR)))
    throw new CannotMeasure(
      `no internal credential at ${internalTokenFile(config.DATA_DIR)}: run the bench with the stack's DATA_DIR ` +
        '(or INTERNAL_API_TOKEN)',
    );
  const token = internalApiToken(config);
  const probeUrl = `${serviceUrl(config, 'orders')}${itemPath(SERVICE_READ_PATHS.orders, 'bench-probe')}`;
  const probe = await requestJson(probeUrl, { headers: internalAuthHeader(token), timeoutMs: 5_000 });
  if (typeof probe.status !== 'number')
    throw new CannotMeasure(`no orders service at ${serviceUrl(config, 'orders')} — is ORDERS_HTTP_PORT the stack's?`);
  if (probe.status === 401)
    throw new CannotMeasure(`the orders service refused the internal credential of ${config.DATA_DIR}`);
  return token;
}

/** The product the checkout buys: below the approval threshold, the most stock, then the cheapest. */
async function pickProduct(anon: AnonymousClient, config: PlatformConfig): Promise<CatalogItem> {
  const answer = await anon.request('GET', '/api/products');
  const items = (answer.body.items ?? []) as CatalogItem[];
  const candidates = items
    .filter((p) => p.priceCents < config.APPROVAL_THRESHOLD_CENTS)
    .sort((a, b) => (b.availability ?? 0) - (a.availability ?? 0) || a.priceCents - b.priceCents);
  if (answer.status !== 200 || !candidates[0])
    throw new CannotMeasure(`GET /api/products answered ${answer.status} with no product below the approval threshold`);
  return candidates[0];
}

/** Signs up `count` customers named after `runId`, starting at `from`. */
async function signUp(anon: AnonymousClient, runId: string, from: number, count: number): Promise<BenchCustomer[]> {
  const out: BenchCustomer[] = [];
  for (let i = from; i < from + count; i++) out.push(await anon.signUp(`bench-${runId}-${i}@example.com`));
  return out;
}

/** Runs `part`, recording its wall time and the CPU time each process of the stack (and the bench) used meanwhile. */
async function measured<T>(parts: PartCpu[], dataDir: string, name: string, part: () => Promise<T>): Promise<T> {
  const snapshot = () => {
    const read = readPids(dataDir);
    return cpuSnapshot('error' in read ? {} : read.pids.processes);
  };
  const before = snapshot();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  try {
    return await part();
  } finally {
    const wallS = Math.round((performance.now() - started) / 100) / 10;
    const machineBusyS = Math.round((machineBusySeconds() - machineBefore) * 10) / 10;
    parts.push({ name, wallS, cpuS: cpuDelta(before, snapshot()), machineBusyS });
  }
}

/** Runs every part the options ask for and assembles the report. */
async function run(options: BenchOptions, config: PlatformConfig, client: Client, token: string): Promise<BenchReport> {
  const started = new Date();
  const parts: PartCpu[] = [];
  const runId = `${started.toISOString().slice(0, 19).replace(/\D/g, '')}-${randomBytes(3).toString('hex')}`;
  const limits: GatewayLimits = {
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    ordersPerMinute: config.RATE_LIMIT_ORDERS_PER_MINUTE,
    loginPerMinute: config.RATE_LIMIT_LOGIN_PER_MINUTE,
  };
  const counts = new AnswerCounts();
  const anon = new AnonymousClient(options.gateway, limits, counts);
  const notes: string[] = [];
  const totalOrders = options.skipCheckout ? 0 : options.serialOrders + options.concurrentOrders;
  const product = await pickProduct(anon, config);
  const report: Partial<BenchReport> = {
    product: { id: product.id, priceCents: product.priceCents, availableBefore: product.availability },
  };

  let customers: BenchCustomer[] = [];
  const firstBatch = Math.min(options.customers, pacedLimit(limits.loginPerMinute, 1));
  if (totalOrders > 0) {
    say(`signing up ${firstBatch} of ${options.customers} bench customers (logins paced to the per-IP limit)`);
    customers = await signUp(anon, runId, 0, firstBatch);
    say(`restocking ${totalOrders} × ${product.id} with the restockProduct workflow`);
    report.restock = await restock(client, {
      restockId: `bench-${runId}`,
      productId: product.id,
      quantity: totalOrders,
    });
    if (report.restock.ok) notes.push(`restocked ${totalOrders} × ${product.id} (${report.restock.workflowId})`);
    else notes.push(`restock skipped: ${report.restock.reason}`);
    if (!report.restock.ok && (product.availability ?? 0) < totalOrders)
      notes.push(`only ${product.availability} × ${product.id} available: orders beyond fail OUT_OF_STOCK`);
  }

  let floor: FloorResult | undefined;
  if (!options.skipFloor) {
    say(`engine floor: ${options.floorRuns} workflows of each kind at c=1, ${options.floorRuns * 2} at c=10`);
    floor = await measured(parts, config.DATA_DIR, 'engine floor', () =>
      measureEngineFloor(
        client,
        { address: config.temporalAddress, namespace: config.TEMPORAL_NAMESPACE },
        options.floorRuns,
        runId,
        say,
      ),
    );
  }

  const levels: CheckoutLevel[] = [];
  let pool: CustomerPool | undefined;
  if (totalOrders > 0) {
    const target: CheckoutTarget = {
      gateway: options.gateway,
      ordersServiceUrl: serviceUrl(config, 'orders'),
      internalToken: token,
      productId: product.id,
      pollMs: options.pollMs,
      maxReadsPerSecond: options.maxReads,
      settleTimeoutMs: options.settleTimeoutMs,
      counts,
    };
    for (const [concurrency, orders] of [
      [1, options.serialOrders],
      [10, options.concurrentOrders],
    ] as const) {
      if (orders === 0) continue;
      if (concurrency === 10 && customers.length < options.customers) {
        say(`signing up ${options.customers - customers.length} more customers`);
        customers = [
          ...customers,
          ...(await signUp(anon, runId, customers.length, options.customers - customers.length)),
        ];
      }
      say(`checkout: ${orders} orders at c=${concurrency} over ${customers.length} customers`);
      pool = new CustomerPool(customers);
      const checkoutPool = pool;
      const { level } = await measured(parts, config.DATA_DIR, `checkout c=${concurrency}`, () =>
        measureCheckout(target, checkoutPool, orders, concurrency, runId),
      );
      say(`  placement p50 ${level.placement.p50} ms, CONFIRMED p50 ${level.toConfirmed.p50} ms`);
      levels.push(level);
    }
    notes.push(
      `time to CONFIRMED = updated_at of the CONFIRMED row in the orders database − time the POST was sent; ` +
        `the bench reads GET ${SERVICE_READ_PATHS.orders}/:id of the orders service (internal credential, not the ` +
        `gateway) every ${options.pollMs} ms per pending order` +
        (options.maxReads > 0 ? `, at most ${options.maxReads} reads/s in all,` : '') +
        ' only to see the change',
    );
  }

  if (!options.skipGateway) {
    say(`gateway read path: autocannon ${options.readConnections} connections × ${options.readSeconds} s per run`);
    report.readPath = await measured(parts, config.DATA_DIR, 'read path', () =>
      measureReadPath(anon, product.id, { seconds: options.readSeconds, connections: options.readConnections }, say),
    );
    notes.push(
      `read path: the gateway's /api limit (RATE_LIMIT_PER_MINUTE = ${limits.perMinute} per client and minute) is ` +
        'left as configured and autocannon is one client, so most of its requests are answered 429; ' +
        'req/s and the ratio count every answered request',
    );
  }

  const memory = stackMemory(config.DATA_DIR, pidFilePath(config.DATA_DIR));
  const c1 = levels.find((l) => l.concurrency === 1);
  const c10 = levels.find((l) => l.concurrency === 10);
  const floorLevel = (kind: string, c: number) => floor?.levels.find((l) => l.kind === kind && l.concurrency === c);
  const ratios = computeRatios({
    emptyP50: floorLevel('empty', 1)?.latency.p50,
    oneHopP50: floorLevel('one-hop', 1)?.latency.p50,
    emptyPerSecondC10: floorLevel('empty', 10)?.perSecond,
    placementP50: c1?.placement.p50,
    confirmedP50: c1?.toConfirmed.p50,
    confirmedPerSecondC10: c10?.confirmedPerSecond,
    stackRssBytes: memory.error ? null : memory.totalRssBytes,
    ordersPlaced: levels.reduce((a, l) => a + l.orders, 0),
    readPath: report.readPath?.map((r) => ({ route: r.route, ratio: r.ratio, p99Ms: r.gateway.p99Ms })),
  });
  const pacing = { waits: anon.pacing.waits, waitedMs: Math.round(anon.pacing.waitedMs) };
  if (pool) {
    pacing.waits += pool.pacing.waits;
    pacing.waitedMs += Math.round(pool.pacing.waitedMs);
  }
  if (pacing.waits > 0)
    notes.push(
      `paced: ${pacing.waits} waits, ${(pacing.waitedMs / 1000).toFixed(1)} s in all, to stay under the limits`,
    );
  return {
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 100) / 10,
    machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1e8) / 10, node: process.versions.node },
    gateway: options.gateway,
    temporalAddress: config.temporalAddress,
    dataDir: config.DATA_DIR,
    settings: { ...options },
    limits,
    ...report,
    ...(floor ? { floor } : {}),
    ...(levels.length > 0 ? { checkout: { customers: customers.length, levels, pacing } } : {}),
    answers: counts.byRoute,
    rateLimited: counts.total(429),
    cpu: parts,
    memory,
    ratios,
    notes,
  };
}

async function main(): Promise<number> {
  const config = loadConfig();
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2), { gatewayPort: config.GATEWAY_PORT, root: PROJECT_ROOT });
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    process.stderr.write(`✖ ${err.message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (options.help) {
    say(BENCH_USAGE);
    return 0;
  }
  let client: Client | undefined;
  try {
    const token = await preflight(options, config);
    client = await connectClient(config.temporalAddress, config.TEMPORAL_NAMESPACE).catch((err: Error) => {
      throw new CannotMeasure(err.message);
    });
    const report = await run(options, config, client, token);
    const file = writeReportJson(options.jsonDir, report);
    process.stdout.write(`\n${renderReport(report)}\nJSON: ${file}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
