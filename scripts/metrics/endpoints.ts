import { SERVICE_NAMES } from '../../contracts';
import { replicas, type PlatformConfig } from '../../lib/config';
import { REPLICA_PORT_STEP } from '../../lib/replicas';
import { rolePorts, TEMPORAL_ROLES } from '../stack/temporal-cluster';

/** One `/metrics` endpoint of the stack: which process serves it, where, and what it carries. */
export interface MetricsEndpoint {
  process: string;
  url: string;
  carries: string;
}

/**
 * Every `/metrics` endpoint a stack with `config` serves: the gateway's own listener (never its public port), each
 * service's HTTP port (every replica of WORKER_REPLICAS) (its series and its worker's Temporal SDK series), and the embedded Temporal server's (none when
 * TEMPORAL_ADDRESS points at another server, whose metrics are its operator's): the dev server's, or with `cluster` each
 * role's of `npm run start:cluster`.
 */
export function metricsEndpoints(config: PlatformConfig, host = '127.0.0.1', cluster = false): MetricsEndpoint[] {
  const temporal = cluster
    ? TEMPORAL_ROLES.map((role) => ({
        process: `temporal-${role}`,
        url: `http://${host}:${rolePorts(config)[role].metrics}/metrics`,
        carries: `the Temporal server's own (${role} role)`,
      }))
    : [
        {
          process: 'temporal',
          url: `http://${host}:${config.TEMPORAL_METRICS_PORT}/metrics`,
          carries: "the Temporal server's own",
        },
      ];
  return [
    // gateway replica i moves its metrics port like its HTTP port (scripts/start.ts)
    ...replicas(config, 'gateway').map((r) => ({
      process: r.name,
      url: `http://${host}:${config.GATEWAY_METRICS_PORT + REPLICA_PORT_STEP * (r.index - 1)}/metrics`,
      carries: 'HTTP requests by route, rate-limit refusals, breakers, Node',
    })),
    ...SERVICE_NAMES.flatMap((s) =>
      replicas(config, s).map((r) => ({
        process: r.name,
        url: `http://${host}:${r.port}/metrics`,
        carries: 'business series, Node, the Temporal SDK (temporal_*)',
      })),
    ),
    ...(config.TEMPORAL_ADDRESS ? [] : temporal),
  ];
}

/**
 * Fetches every endpoint and says of each `<process> <url>  ok|FAILED (<detail>)`, the processes padded to one width;
 * returns those lines and the failed ones.
 */
export async function checkEndpoints(endpoints: MetricsEndpoint[]): Promise<{ lines: string[]; failed: string[] }> {
  const width = Math.max(...endpoints.map((e) => e.process.length));
  const lines: string[] = [];
  const failed: string[] = [];
  for (const e of endpoints) {
    const result = await checkEndpoint(e.url);
    const line = `${e.process.padEnd(width)}  ${e.url}  ${result.ok ? 'ok' : 'FAILED'} (${result.detail})`;
    lines.push(line);
    if (!result.ok) failed.push(line);
  }
  return { lines, failed };
}

/** Fetches `url` within `timeoutMs`: ok with the number of samples, or the reason it failed. */
export async function checkEndpoint(url: string, timeoutMs = 3_000): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, detail: `HTTP ${res.status}` };
    const text = await res.text();
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
    return samples > 0 ? { ok: true, detail: `${samples} samples` } : { ok: false, detail: 'no samples' };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, detail: e.name === 'TimeoutError' ? 'no answer' : (e.cause?.code ?? e.message) };
  }
}
