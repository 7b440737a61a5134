import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SERVICE_PORTS, type ServiceName } from '../contracts';
import { parseReplicas, replicasOf, type Replica, type ReplicatedKind } from './replicas';

const libParent = path.resolve(__dirname, '..');
/** Root folder of the project checkout (the folder of package.json), also when this file runs compiled from dist/lib/. */
export const PROJECT_ROOT = existsSync(path.join(libParent, 'package.json')) ? libParent : path.dirname(libParent);
/** Where `npm run build` writes the compiled JavaScript (`tsconfig.build.json`) and the workflow bundle. */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'dist');

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalUrl = z.string().url().optional();
/** An address to bind a listener to: an IP address or a host name. */
const bindHost = (fallback: string) =>
  z
    .union([z.ipv4(), z.ipv6(), z.hostname()], {
      error: 'expected an IP address (e.g. 127.0.0.1, 0.0.0.0) or a host name',
    })
    .default(fallback);

/** Shape of the internal credential: 16 to 512 characters a bearer token may carry. */
export const INTERNAL_TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{16,512}$/;
/** A duration such as `250ms`, `30s`, `15m`, `24h` or a number of milliseconds, as milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 15m or 24h, got "${text}"` });
        return z.NEVER;
      }
      const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
      return Number(m[1]) * unit;
    });

/** Every setting of the platform: defaults, overridden by environment variables of the same name. */
const platformSchema = z.object({
  /** Folder for all local state: Postgres cluster, Temporal SQLite file, Redis dump, logs. */
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  /** Folder for downloaded tools (the Temporal CLI venv). */
  TOOLS_DIR: z.string().default(path.join(PROJECT_ROOT, '.tools')),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** External Temporal frontend (host:port); when set, the supervisor starts no dev server. */
  TEMPORAL_ADDRESS: z.string().optional(),
  /** Temporal namespace. */
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** gRPC port of the embedded Temporal dev server. */
  TEMPORAL_PORT: port(7233),
  /** Web UI port of the embedded Temporal dev server. */
  TEMPORAL_UI_PORT: port(8233),
  /** Port of the Temporal server's Prometheus `/metrics` (the dev server's `--metrics-port`; compose's server listens on it too). */
  TEMPORAL_METRICS_PORT: port(9465),
  /** Port of the embedded PostgreSQL cluster. */
  POSTGRES_PORT: port(5433),
  /** External Redis; when set, the supervisor starts no redis-server. */
  REDIS_URL: optionalUrl,
  /** Port of the embedded redis-server. */
  REDIS_PORT: port(6380),
  /** Gateway HTTP port. */
  GATEWAY_PORT: port(3000),
  /** Address the gateway listens on: loopback by default; `0.0.0.0` exposes it (the only listener meant to be exposed). */
  GATEWAY_HOST: bindHost('127.0.0.1'),
  /**
   * Port of the gateway's Prometheus `/metrics`, a listener of its own on SERVICE_BIND_HOST, never on the public port;
   * `0` takes any free port (the tests' extra gateways beside a stack's).
   */
  GATEWAY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Address the services' read APIs and the payment provider sandbox listen on: loopback; docker compose sets `0.0.0.0` inside its network. */
  SERVICE_BIND_HOST: bindHost('127.0.0.1'),
  /** Credential every service read API requires (`Authorization: Bearer`); unset, one is generated in `<DATA_DIR>/secrets/internal-api-token`. */
  INTERNAL_API_TOKEN: z
    .string()
    .regex(INTERNAL_TOKEN_PATTERN, 'expected 16 to 512 of A-Z a-z 0-9 . _ ~ + / = -')
    .optional(),
  /** Payment provider sandbox HTTP port. */
  PAYMENT_PROVIDER_PORT: port(3010),
  /** Base URL of the payment provider (the sandbox by default). */
  PAYMENT_PROVIDER_URL: optionalUrl,
  ORDERS_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.orders),
  INVENTORY_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.inventory),
  PAYMENTS_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.payments),
  USERS_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.users),
  PRODUCTS_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.products),
  NOTIFICATIONS_HTTP_PORT: port(DEFAULT_SERVICE_PORTS.notifications),
  /** Orders at or above this total (cents) wait for an operator's approve/reject. */
  APPROVAL_THRESHOLD_CENTS: z.coerce.number().int().min(0).default(100_000),
  /** A reservation that takes a product's available stock from this many units or more to fewer publishes `stock.low`; 0 never does. */
  STOCK_LOW_THRESHOLD: z.coerce.number().int().min(0).default(10),
  /** How long an order waits for approval before it is cancelled (APPROVAL_TIMEOUT), e.g. `24h`, `15m`, `30s`. */
  APPROVAL_TIMEOUT: duration('24h'),
  /** Time budget of the charge step; past it the order fails PAYMENT_UNAVAILABLE. */
  CHARGE_TIMEOUT: duration('30s'),
  /** How long `POST /api/orders` waits for the reservation before answering 202 instead of 201. */
  ORDER_PLACEMENT_WAIT: duration('2s'),
  /**
   * Workflows the orders worker keeps in its sticky cache. A CONFIRMED order's workflow stays open (it waits for `ship`),
   * so without a cap the cache, and the worker's memory, grow with every order; an evicted workflow is replayed from its
   * history on its next task (one short history, a few milliseconds).
   */
  WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).default(100),
  /**
   * Extra Node flags for every process `npm start` runs (workers, gateway, sandbox), space-separated: e.g.
   * `--cpu-prof --cpu-prof-dir=/tmp/prof` writes a CPU profile of each when the stack stops (Node refuses
   * `--cpu-prof` in NODE_OPTIONS).
   */
  STACK_NODE_FLAGS: z
    .string()
    .default('')
    .transform((s) => s.split(/\s+/).filter(Boolean)),
  /**
   * Processes per task queue (and of the gateway) that the supervisor runs, e.g. `inventory=2,payments=3,gateway=2`;
   * a kind not named runs once. Replica i listens on the kind's port + 100 × (i − 1) (see lib/replicas.ts).
   */
  WORKER_REPLICAS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const parsed = parseReplicas(text);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: `expected e.g. inventory=2,gateway=2: ${parsed.error}` });
        return z.NEVER;
      }
      return parsed.counts;
    }),
  /** Lifetime of the access tokens the users service signs (`POST /api/auth/login`). */
  TOKEN_TTL: duration('1h'),
  /** Browser origins allowed to call the gateway (CORS), comma-separated; empty allows none. */
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Requests per client (customer, else IP) per minute on `/api`. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** `POST /api/orders` per customer per minute. */
  RATE_LIMIT_ORDERS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** `POST /api/auth/login` per client IP per minute (slows password guessing). */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Gap between two heartbeat comments of a live order stream (`GET /api/orders/:id/stream`), so proxies keep it open. */
  SSE_HEARTBEAT: duration('15s').refine((ms) => ms > 0, 'expected a duration above 0'),
  /** Time allowed for one gateway call to a service's read API before its fallback (or 503) answers. */
  SERVICE_CALL_TIMEOUT: duration('1500ms'),
  /**
   * Time allowed for one gateway call to Temporal besides the placement (a describe, a history read, a signal) before
   * 503 TEMPORAL_UNAVAILABLE: longer than a read, since a busy Temporal answers late but answers, and no fallback exists.
   */
  TEMPORAL_CALL_TIMEOUT: duration('3s'),
  /** How long the gateway keeps the product catalog in Redis (price changes also clear it at once). */
  PRODUCTS_CACHE_TTL: duration('60s'),
  /** Longest pause between two looks of a service's outbox relay at its table; a commit also wakes it at once (LISTEN/NOTIFY). */
  OUTBOX_POLL_INTERVAL: duration('1s'),
  /** How long a service keeps published outbox rows before its relay deletes them. */
  OUTBOX_RETENTION: duration('7d'),
  /** A service's `/ready` fails when its oldest unpublished event is older than this (its relay is stuck). */
  OUTBOX_LAG_LIMIT: duration('60s'),
  /** Each event stream (`events.<family>`) is trimmed to about this many entries. */
  EVENT_STREAM_MAX_LENGTH: z.coerce.number().int().min(1_000).default(100_000),
  /** A consumer claims an event another consumer of its group has held unacknowledged this long (it died). */
  CONSUMER_CLAIM_IDLE: duration('15s'),
  /** Per-service base URLs of the HTTP read APIs, for a gateway on another host (default `http://127.0.0.1:<port>`). */
  ORDERS_URL: optionalUrl,
  INVENTORY_URL: optionalUrl,
  PAYMENTS_URL: optionalUrl,
  USERS_URL: optionalUrl,
  PRODUCTS_URL: optionalUrl,
  NOTIFICATIONS_URL: optionalUrl,
  /** Per-service database URLs; set one to point that service at an external server. */
  ORDERS_DATABASE_URL: optionalUrl,
  INVENTORY_DATABASE_URL: optionalUrl,
  PAYMENTS_DATABASE_URL: optionalUrl,
  USERS_DATABASE_URL: optionalUrl,
  PRODUCTS_DATABASE_URL: optionalUrl,
  NOTIFICATIONS_DATABASE_URL: optionalUrl,
});

/** Names of every environment variable the loader reads (README's configuration table lists each). */
export const CONFIG_KEYS = Object.keys(platformSchema.shape) as (keyof typeof platformSchema.shape)[];

/** Validated platform settings. */
export type PlatformConfig = z.infer<typeof platformSchema> & {
  temporalAddress: string;
  redisUrl: string;
  paymentProviderUrl: string;
};

/** Raised when the environment holds an invalid setting; its message names the variable. */
export class ConfigError extends Error {}

/** Loads and validates the settings from `env`; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = platformSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    redisUrl: c.REDIS_URL ?? `redis://127.0.0.1:${c.REDIS_PORT}`,
    paymentProviderUrl: c.PAYMENT_PROVIDER_URL ?? `http://127.0.0.1:${c.PAYMENT_PROVIDER_PORT}`,
  };
}

/** Environment variable name of a service's setting, e.g. `envKey('users', 'HTTP_PORT')` is `USERS_HTTP_PORT`. */
export const envKey = (service: ServiceName, suffix: 'HTTP_PORT' | 'DATABASE_URL' | 'URL') =>
  `${service.toUpperCase()}_${suffix}` as `${Uppercase<ServiceName>}_${typeof suffix}`;

/** HTTP port of a service's health and read API. */
export const servicePort = (config: PlatformConfig, service: ServiceName): number =>
  config[envKey(service, 'HTTP_PORT')] as number;

/** Database URL of a service, if configured (the supervisor sets it for the embedded cluster). */
export const serviceDatabaseUrl = (config: PlatformConfig, service: ServiceName): string | undefined =>
  config[envKey(service, 'DATABASE_URL')] as string | undefined;

/** Base URL of a service's HTTP API: `<SERVICE>_URL` when set, else the local port. */
export const serviceUrl = (config: PlatformConfig, service: ServiceName): string =>
  (config[envKey(service, 'URL')] as string | undefined)?.replace(/\/$/, '') ??
  `http://127.0.0.1:${servicePort(config, service)}`;

/** Every process of `kind` the supervisor runs (WORKER_REPLICAS), each with its own name and port. */
export const replicas = (config: PlatformConfig, kind: ReplicatedKind): Replica[] =>
  replicasOf(kind, config.WORKER_REPLICAS[kind], kind === 'gateway' ? config.GATEWAY_PORT : servicePort(config, kind));
