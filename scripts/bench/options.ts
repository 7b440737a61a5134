import path from 'node:path';
import { parseArgs } from 'node:util';

/** Settings of one benchmark run, from the command line. */
export interface BenchOptions {
  /** Base URL of the gateway under test. */
  gateway: string;
  /** Checkout orders placed one at a time (concurrency 1). */
  serialOrders: number;
  /** Checkout orders placed ten at a time (concurrency 10). */
  concurrentOrders: number;
  /** Workflows run per concurrency level and kind on the engine floor. */
  floorRuns: number;
  /** Bench customers signed up (orders rotate over them, so none nears its per-minute order limit). */
  customers: number;
  /** Interval between two reads of one pending order on the orders service, in ms. */
  pollMs: number;
  /** Ceiling of those reads per second over every pending order (0: none). */
  maxReads: number;
  /** How long one order may take to be CONFIRMED or final before it counts as not settled, in ms. */
  settleTimeoutMs: number;
  /** Length of one autocannon run of the gateway read path, in seconds. */
  readSeconds: number;
  /** Connections of each autocannon run. */
  readConnections: number;
  /** Folder the JSON result is written to. */
  jsonDir: string;
  skipFloor: boolean;
  skipCheckout: boolean;
  skipGateway: boolean;
  help: boolean;
}

/** What `--help` prints. */
export const BENCH_USAGE = `npm run bench -- [options]

Measures a running stack (start it with npm start) and prints one table, plus a JSON file under bench/results/:
the engine floor (an empty and a one-hop workflow on the bench's own task queues), the checkout through the gateway
(placement and time to CONFIRMED, read from the orders service), the gateway read path (autocannon, beside a bare
node:http server answering the same bytes), the ratios against their targets, and the resident memory of the stack.
Exits 0 when it measured (targets missed or not), 1 when it could not measure, 2 on bad arguments.

  --gateway URL          gateway under test (default http://127.0.0.1:<GATEWAY_PORT>)
  --orders N             checkout orders at concurrency 10 (default 100)
  --serial-orders N      checkout orders at concurrency 1 (default 40)
  --floor N              engine-floor workflows of each kind at c=1 (default 100; twice as many at c=10)
  --customers N          bench customers to sign up (default 18; logins are paced to the per-IP login limit)
  --poll-ms MS           interval between two reads of one pending order on the orders service (default 50)
  --max-reads N          at most N such reads per second over every pending order, 0 for no ceiling (default 20)
  --settle-timeout S     seconds an order gets to be CONFIRMED (default 60)
  --read-seconds S       length of each autocannon run of the read path (default 5)
  --read-connections N   connections of each autocannon run (default 10)
  --json-dir DIR         folder of the JSON result (default bench/results)
  --skip-floor           do not measure the engine floor
  --skip-checkout        do not place orders
  --skip-gateway         do not measure the gateway read path
  --help                 this text
`;

/** Raised for a bad command line; the message says which option. */
export class BenchUsageError extends Error {}

/**
 * The whole number `text` of option `--name` (`fallback` when absent), from `min` to `max`; otherwise throws the
 * usage error `refuse` makes of the message (the bench's by default).
 */
export function wholeOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  refuse: (message: string) => Error = (m) => new BenchUsageError(m),
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw refuse(`--${name}: "${text}" is not a whole number from ${min} to ${max}`);
  return n;
}

const OPTIONS = {
  gateway: { type: 'string' },
  orders: { type: 'string' },
  'serial-orders': { type: 'string' },
  floor: { type: 'string' },
  customers: { type: 'string' },
  'poll-ms': { type: 'string' },
  'max-reads': { type: 'string' },
  'settle-timeout': { type: 'string' },
  'read-seconds': { type: 'string' },
  'read-connections': { type: 'string' },
  'json-dir': { type: 'string' },
  'skip-floor': { type: 'boolean', default: false },
  'skip-checkout': { type: 'boolean', default: false },
  'skip-gateway': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** parseArgs, strict, with its errors (unknown option, missing value, positional) as BenchUsageError. */
function strictValues(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS }).values;
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
}

/** Parses the bench's command line (the arguments after `npm run bench --`); `gatewayPort` and `root` give defaults. */
export function parseBenchOptions(argv: string[], defaults: { gatewayPort: number; root: string }): BenchOptions {
  const v = strictValues(argv);
  const gateway = (v.gateway ?? `http://127.0.0.1:${defaults.gatewayPort}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(gateway))
    throw new BenchUsageError(`--gateway: "${v.gateway}" is not a base URL such as http://127.0.0.1:3000`);
  return {
    gateway,
    concurrentOrders: wholeOption('orders', v.orders, 100, 0, 100_000),
    serialOrders: wholeOption('serial-orders', v['serial-orders'], 40, 0, 100_000),
    floorRuns: wholeOption('floor', v.floor, 100, 1, 100_000),
    customers: wholeOption('customers', v.customers, 18, 1, 1_000),
    pollMs: wholeOption('poll-ms', v['poll-ms'], 50, 5, 10_000),
    maxReads: wholeOption('max-reads', v['max-reads'], 20, 0, 100_000),
    settleTimeoutMs: wholeOption('settle-timeout', v['settle-timeout'], 60, 1, 3_600) * 1000,
    readSeconds: wholeOption('read-seconds', v['read-seconds'], 5, 1, 600),
    readConnections: wholeOption('read-connections', v['read-connections'], 10, 1, 1_000),
    jsonDir: path.resolve(defaults.root, v['json-dir'] ?? path.join('bench', 'results')),
    skipFloor: v['skip-floor'] === true,
    skipCheckout: v['skip-checkout'] === true,
    skipGateway: v['skip-gateway'] === true,
    help: v.help === true,
  };
}
