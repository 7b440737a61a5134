import autocannon from 'autocannon';
import { startBareServer, type BareRoute } from './bare-server';
import { pace, type AnonymousClient } from './customers';
import { sleep } from './http';

/** One autocannon run against one server. */
export interface ReadRun {
  /** Answered requests (any status) over the run. */
  requests: number;
  /** Answered requests per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers by status code, e.g. `{ "200": 283, "429": 51022 }`. */
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One route of the read path, gateway beside bare server. */
export interface ReadRoute {
  route: string;
  path: string;
  bytes: number;
  gateway: ReadRun;
  bare: ReadRun;
  /** Gateway req/s ÷ bare req/s, both over every answered request. */
  ratio: number | null;
}

/** The routes the read path measures, for a product id of the catalog. */
export const readRoutes = (productId: string): { route: string; path: string }[] => [
  { route: 'GET /api/openapi.json', path: '/api/openapi.json' },
  { route: 'GET /api/products', path: '/api/products' },
  { route: 'GET /api/products/:id', path: `/api/products/${encodeURIComponent(productId)}` },
];

/** The figures of one autocannon result. */
export function readRun(result: autocannon.Result): ReadRun {
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]),
  );
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requests,
    perSecond: result.duration > 0 ? Math.round(requests / result.duration) : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Fetches each route's body once from the gateway (paced like every anonymous call of the bench). */
async function bodiesOf(anon: AnonymousClient, routes: { route: string; path: string }[]): Promise<BareRoute[]> {
  const out: BareRoute[] = [];
  for (const { route, path } of routes) {
    await pace(anon.api, anon.pacing);
    const res = await fetch(`${anon.gateway}${path}`, { signal: AbortSignal.timeout(10_000) });
    anon.counts.record(route, res.status);
    if (res.status !== 200)
      throw new Error(`${route} answered ${res.status}; cannot copy its body for the bare server`);
    out.push({
      path,
      contentType: res.headers.get('content-type') ?? 'application/json',
      body: Buffer.from(await res.arrayBuffer()),
    });
  }
  return out;
}

/**
 * Measures the gateway's read path: for each route, autocannon with `connections` connections for `seconds` against
 * the gateway, then against a bare node:http server (a worker thread of this process) answering the same bytes.
 * The gateway's per-client limit (`RATE_LIMIT_PER_MINUTE`, all from one IP here) is left as configured: what it refuses
 * is answered 429, counted, and the rate is over every answered request.
 */
export async function measureReadPath(
  anon: AnonymousClient,
  productId: string,
  opts: { seconds: number; connections: number },
  say: (line: string) => void,
): Promise<ReadRoute[]> {
  const routes = readRoutes(productId);
  const bodies = await bodiesOf(anon, routes);
  const bare = await startBareServer(bodies);
  const cannon = (url: string) =>
    autocannon({ url, connections: opts.connections, duration: opts.seconds, timeout: 10 }).then(readRun);
  try {
    const out: ReadRoute[] = [];
    for (const [i, { route, path }] of routes.entries()) {
      const gateway = await cannon(`${anon.gateway}${path}`);
      await sleep(500);
      const reference = await cannon(`${bare.url}${path}`);
      await sleep(500);
      const ratio =
        reference.perSecond > 0 ? Math.round((gateway.perSecond / reference.perSecond) * 1000) / 1000 : null;
      say(`  ${route}: gateway ${gateway.perSecond}/s (non-2xx ${gateway.non2xx}), bare ${reference.perSecond}/s`);
      out.push({ route, path, bytes: bodies[i]!.body.length, gateway, bare: reference, ratio });
    }
    return out;
  } finally {
    await bare.close();
  }
}
