import { parseArgs } from 'node:util';

/** Settings of one chaos run, from the command line. */
export interface ChaosOptions {
  orders: number;
  concurrency: number;
  /** Start a stack of its own (ports moved by `offset`, data in `dataDir`) instead of driving the running one. */
  start: boolean;
  offset: number;
  /** Data folder of the stack started with `--start` (relative to the project). */
  dataDir: string;
  seed: number;
  /** Length of the window over which orders are released and faults injected, in ms. */
  windowMs: number;
  /** SIGKILLs of each worker kind. */
  workerKills: number;
  /** How long one worker stays SIGSTOPped, in ms. */
  pauseMs: number;
  /** Delay the slow payment provider adds to each charge and refund answer, in ms. */
  latencyMs: number;
  /** How long the provider stays slow, in ms. */
  latencyWindowMs: number;
  /** How long a client keeps retrying one POST, in ms. */
  postDeadlineMs: number;
  /** How long the platform gets to answer again after an infrastructure kill, in ms. */
  recoveryTimeoutMs: number;
  /** How long to wait, after placement, for every accepted order to be CONFIRMED or final, in ms. */
  settleTimeoutMs: number;
  /** Share of orders the customer cancels shortly after placing them. */
  cancelRatio: number;
  /** Share of orders shipped (by signal) once CONFIRMED. */
  shipRatio: number;
  /** Short CI scenario: 40 orders, one kill of each kind, a shorter window. */
  ci: boolean;
  help: boolean;
}

/** What `--help` prints. */
export const CHAOS_USAGE = `npm run chaos -- [options]

Places orders through the gateway like real clients while killing, pausing and slowing parts of the platform,
then audits every service database and prints what it found. Exits 1 on any violation or lost order.

  --orders N            orders to place (default 100; --ci: 40)
  --concurrency C       clients placing orders at once, one customer each (default 8)
  --start               start a stack of its own (ports + --offset, data in --data-dir) and stop it at the end;
                        without it, drive the stack \`npm start\` runs (default ports, DATA_DIR or .data)
  --offset N            port offset of the own stack (default 20000)
  --data-dir DIR        data folder of the own stack (default .data/chaos-stack, deleted first)
  --seed N              seed of every random choice (default: time-based, printed)
  --duration S          placement window in seconds; faults are spread over it (default max(60, 1.2 s × orders))
  --worker-kills N      SIGKILLs of each worker kind (default 2; --ci: 1)
  --pause S             seconds one worker stays SIGSTOPped (default 15, above the 10 s activity timeout)
  --latency MS          delay of the slow payment provider (default 3000)
  --latency-window S    seconds the provider stays slow (default 20)
  --post-deadline S     seconds a client retries one POST with the same Idempotency-Key (default 90)
  --recovery-timeout S  seconds the platform gets to answer again after an infrastructure kill (default 120)
  --settle-timeout S    seconds to wait for every accepted order to be CONFIRMED or final (default 180)
  --cancel-ratio R      share of orders cancelled by their customer (default 0.15)
  --ship-ratio R        share of orders shipped once CONFIRMED (default 0.2)
  --ci                  short CI scenario: --orders 40 --worker-kills 1 --duration 60 (flags given win)
  --help                this text
`;

/** Raised for a bad command line; the message says which option. */
export class ChaosUsageError extends Error {}

const number = (name: string, text: string | undefined, fallback: number, check: (n: number) => boolean): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new ChaosUsageError(`--${name}: "${text}" is not allowed`);
  return n;
};
const positive = (n: number) => n > 0;
const atLeastZero = (n: number) => n >= 0;
const ratio = (n: number) => n >= 0 && n <= 1;

/** Parses the chaos suite's command line (the arguments after `npm run chaos --`). */
export function parseChaosOptions(argv: string[], now = Date.now()): ChaosOptions {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      orders: { type: 'string' },
      concurrency: { type: 'string' },
      start: { type: 'boolean', default: false },
      offset: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      'worker-kills': { type: 'string' },
      pause: { type: 'string' },
      latency: { type: 'string' },
      'latency-window': { type: 'string' },
      'post-deadline': { type: 'string' },
      'recovery-timeout': { type: 'string' },
      'settle-timeout': { type: 'string' },
      'cancel-ratio': { type: 'string' },
      'ship-ratio': { type: 'string' },
      ci: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const ci = v.ci === true;
  const orders = number('orders', v.orders, ci ? 40 : 100, (n) => Number.isInteger(n) && n > 0);
  const seconds = (name: string, text: string | undefined, fallback: number, check = positive) =>
    number(name, text, fallback, check) * 1000;
  return {
    orders,
    concurrency: number('concurrency', v.concurrency, 8, (n) => Number.isInteger(n) && n > 0 && n <= 100),
    start: v.start === true,
    offset: number('offset', v.offset, 20_000, (n) => Number.isInteger(n) && n >= 0 && n < 60_000),
    dataDir: v['data-dir'] ?? '.data/chaos-stack',
    seed: number('seed', v.seed, now % 2_147_483_647, (n) => Number.isInteger(n)),
    windowMs: seconds('duration', v.duration, ci ? 60 : Math.max(60, Math.ceil(orders * 1.2))),
    workerKills: number('worker-kills', v['worker-kills'], ci ? 1 : 2, (n) => Number.isInteger(n) && n >= 0),
    pauseMs: seconds('pause', v.pause, 15),
    latencyMs: number('latency', v.latency, 3000, (n) => Number.isInteger(n) && n >= 0 && n <= 60_000),
    latencyWindowMs: seconds('latency-window', v['latency-window'], 20, atLeastZero),
    postDeadlineMs: seconds('post-deadline', v['post-deadline'], 90),
    recoveryTimeoutMs: seconds('recovery-timeout', v['recovery-timeout'], 120),
    settleTimeoutMs: seconds('settle-timeout', v['settle-timeout'], 180),
    cancelRatio: number('cancel-ratio', v['cancel-ratio'], 0.15, ratio),
    shipRatio: number('ship-ratio', v['ship-ratio'], 0.2, ratio),
    ci,
    help: v.help === true,
  };
}
