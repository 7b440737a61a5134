import path from 'node:path';
import { parseArgs } from 'node:util';
import { PAYMENT_TEST_TOKENS } from '../../contracts';

/** Settings of one `npm run load` run, from the command line. */
export interface LoadOptions {
  orders: number;
  concurrency: number;
  /** Base URL of the gateway (default: this machine's GATEWAY_PORT). */
  gateway?: string;
  /** Base URL of the orders service's read API (default: this machine's ORDERS_HTTP_PORT). */
  ordersService?: string;
  /** Payment token of every order. */
  token: string;
  /** How long one order may take to be CONFIRMED or final, in ms. */
  settleTimeoutMs: number;
  /** Folder of the HTML report and its JSON. */
  reportDir: string;
  help: boolean;
}

/** What `--help` prints. */
export const LOAD_USAGE = `npm run load -- [options]

Places orders through a running gateway like many customers at once, waits for each to settle (reading the orders
service, not the gateway), shows a progress bar, prints placement latency, time to CONFIRMED and throughput, and
writes an HTML report with charts and the same figures as JSON. Exits 0 when every order was CONFIRMED, 1 otherwise,
2 on bad arguments.

  --orders N             orders to place (default 200)
  --concurrency C        customers placing orders at once (default 10)
  --gateway URL          gateway (default http://127.0.0.1:<GATEWAY_PORT>)
  --orders-service URL   orders service read API (default http://127.0.0.1:<ORDERS_HTTP_PORT>)
  --token T              payment token of every order (default ${PAYMENT_TEST_TOKENS.ok}; ${PAYMENT_TEST_TOKENS.decline} declines every order)
  --settle-timeout S     seconds one order gets to be CONFIRMED or final (default 60)
  --report-dir DIR       folder of the report (default load/results)
  --help                 this text
`;

/** Raised for a bad command line; the message says which option. */
export class LoadUsageError extends Error {}

const positiveInt = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new LoadUsageError(`--${name}: "${text}" is not a positive whole number`);
  return n;
};

const url = (name: string, text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  if (!URL.canParse(text)) throw new LoadUsageError(`--${name}: "${text}" is not a URL`);
  return text.replace(/\/$/, '');
};

/** Parses the load tool's command line (the arguments after `npm run load --`). */
export function parseLoadOptions(argv: string[], root: string): LoadOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        orders: { type: 'string', default: '200' },
        concurrency: { type: 'string', default: '10' },
        gateway: { type: 'string' },
        'orders-service': { type: 'string' },
        token: { type: 'string', default: PAYMENT_TEST_TOKENS.ok },
        'settle-timeout': { type: 'string', default: '60' },
        'report-dir': { type: 'string', default: path.join(root, 'load', 'results') },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new LoadUsageError((err as Error).message);
  }
  return {
    orders: positiveInt('orders', values.orders),
    concurrency: positiveInt('concurrency', values.concurrency),
    gateway: url('gateway', values.gateway),
    ordersService: url('orders-service', values['orders-service']),
    token: values.token,
    settleTimeoutMs: positiveInt('settle-timeout', values['settle-timeout']) * 1000,
    reportDir: path.resolve(values['report-dir']),
    help: values.help,
  };
}
