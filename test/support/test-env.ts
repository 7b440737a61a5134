import path from 'node:path';
import { loadConfig, PROJECT_ROOT, type PlatformConfig } from '../../lib/config';
import { isolatedStackEnv, offsetPortEnv, stackPorts } from '../../scripts/stack/offset-stack';

/**
 * Ports of the test stack: the defaults plus 10000 (or `TEST_PORT_OFFSET`), so a developer's running `npm start` is left
 * alone and two checkouts on one machine can run their suites side by side.
 */
const OFFSET = Number(process.env.TEST_PORT_OFFSET ?? 10_000);
const SUFFIX = OFFSET === 10_000 ? '' : `-${OFFSET}`;

/** Port of the test OTLP/HTTP trace collector (the standard 4318 plus the offset). */
export const OTLP_COLLECTOR_PORT = 4318 + OFFSET;
/** Where the test collector writes the spans it receives, one JSON line each. */
export const COLLECTED_SPANS_FILE = path.join(PROJECT_ROOT, '.data', `test-stack${SUFFIX}-spans.jsonl`);

/** Environment of the integration stack: its own data folder and ports. */
export const TEST_ENV: Record<string, string> = {
  DATA_DIR: path.join(PROJECT_ROOT, '.data', `test-stack${SUFFIX}`),
  // every process exports its spans to the test collector, in batches every 200 ms
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_COLLECTOR_PORT}`,
  OTEL_BSP_SCHEDULE_DELAY: '200',
  LOG_LEVEL: 'info',
  // short enough for tests to see the timeout paths on the real stack (time-skipping tests cover the 24 h default)
  APPROVAL_TIMEOUT: '20s',
  CHARGE_TIMEOUT: '20s',
  // every test signs in and places orders from 127.0.0.1: the limits themselves are tested on gateways of their own
  RATE_LIMIT_PER_MINUTE: '100000',
  RATE_LIMIT_ORDERS_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  ...offsetPortEnv(OFFSET),
};

/** Config of the integration stack, as its processes see it. */
export const testConfig = (): PlatformConfig => loadConfig({ ...TEST_ENV, TOOLS_DIR: process.env.TOOLS_DIR });

/** Every port the test stack listens on. */
export const testStackPorts = (): number[] => stackPorts(testConfig());

/** Environment for child processes of the tests: the test stack's settings, nothing of a developer's shell overrides. */
export const testProcessEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  isolatedStackEnv({ ...TEST_ENV, ...extra });

/** Where the test stack's supervisor output is kept. */
export const TEST_STACK_LOG = `${TEST_ENV.DATA_DIR}.log`;
