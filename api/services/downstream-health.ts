import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';

/** Health of one downstream as the gateway sees it. */
export type Health = 'healthy' | 'degraded' | 'unhealthy';

/** What `GET /health` reports of one downstream. */
export interface DownstreamReport {
  status: Health;
  /** True when the gateway cannot serve orders without it. */
  essential: boolean;
  latencyMs: number;
  error?: string;
}

/**
 * Downstreams without which the gateway cannot take orders: the workflow engine only. Order intake needs nothing else
 * (the catalog check falls back to the last product list read), so any other service down is degraded, not a 503.
 */
export const ESSENTIAL = new Set<string>(['temporal']);

/** What the health check needs. */
export interface HealthDeps {
  temporal: Client;
  redis: Redis;
  serviceUrl: (service: ServiceName) => string;
  timeoutMs: number;
}

/** Read by duck typing: fetch's errors may come from another realm, where `instanceof Error` is false. */
const message = (err: unknown) => (err as { message?: string } | undefined)?.message ?? String(err);
const isTimeout = (err: unknown) => (err as { name?: string } | undefined)?.name === 'TimeoutError';

/** Rejects when `work` has not settled within `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A service's `/ready`: ready is healthy; answering but not ready is degraded (its reads work, its activities wait in
 * the task queue), unless its own database fails; no answer or a failing database is unhealthy.
 */
async function serviceHealth(url: string, timeoutMs: number): Promise<{ status: Health; error?: string }> {
  try {
    const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.ok) return { status: 'healthy' };
    const body = (await res.json().catch(() => ({}))) as {
      checks?: Record<string, { status: string; error?: string }>;
    };
    const failed = Object.entries(body.checks ?? {}).filter(([, c]) => c.status !== 'ok');
    const error = failed.map(([name, c]) => `${name}: ${c.error ?? 'failed'}`).join('; ') || `HTTP ${res.status}`;
    return {
      status: failed.some(([name]) => name === 'database') || failed.length === 0 ? 'unhealthy' : 'degraded',
      error,
    };
  } catch (err) {
    return { status: 'unhealthy', error: isTimeout(err) ? `no answer within ${timeoutMs} ms` : message(err) };
  }
}

/** Checks every downstream at once (each bounded by `timeoutMs`). */
export async function checkDownstreams({
  temporal,
  redis,
  serviceUrl,
  timeoutMs,
}: HealthDeps): Promise<Record<string, DownstreamReport>> {
  const timed = async (
    name: string,
    check: () => Promise<{ status: Health; error?: string }>,
  ): Promise<[string, DownstreamReport]> => {
    const started = performance.now();
    const result = await check();
    return [name, { ...result, essential: ESSENTIAL.has(name), latencyMs: Math.round(performance.now() - started) }];
  };
  const probe = async (work: () => Promise<unknown>): Promise<{ status: Health; error?: string }> => {
    try {
      await within(work(), timeoutMs);
      return { status: 'healthy' };
    } catch (err) {
      return { status: 'unhealthy', error: message(err) };
    }
  };
  const entries = await Promise.all([
    timed('temporal', () =>
      probe(() =>
        temporal.connection.withDeadline(Date.now() + timeoutMs, () =>
          temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ),
    timed('redis', () => probe(() => redis.ping())),
    ...SERVICE_NAMES.map((s) => timed(s, () => serviceHealth(serviceUrl(s), timeoutMs))),
  ]);
  return Object.fromEntries(entries);
}

/** The gateway's own status: unhealthy (503) when an essential downstream is unhealthy, degraded when anything is not healthy. */
export function overallHealth(reports: Record<string, DownstreamReport>): Health {
  const all = Object.values(reports);
  if (all.some((r) => r.essential && r.status === 'unhealthy')) return 'unhealthy';
  return all.some((r) => r.status !== 'healthy') ? 'degraded' : 'healthy';
}
