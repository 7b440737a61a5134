import type autocannon from 'autocannon';
import { readRoutes, readRun } from './read-path';

describe('readRun', () => {
  it('counts every answered request whatever its status, and keeps p50/p99', () => {
    const result = {
      duration: 5,
      errors: 0,
      timeouts: 0,
      non2xx: 4_700,
      statusCodeStats: { '200': { count: 300 }, '429': { count: 4_700 } },
      latency: { p50: 2, p99: 9 },
      requests: {},
      throughput: {},
    } as unknown as autocannon.Result;
    expect(readRun(result)).toEqual({
      requests: 5_000,
      perSecond: 1_000,
      p50Ms: 2,
      p99Ms: 9,
      statuses: { '200': 300, '429': 4_700 },
      non2xx: 4_700,
      errors: 0,
      timeouts: 0,
    });
  });
});

describe('readRoutes', () => {
  it('are the document, the list and one product', () => {
    expect(readRoutes('sku-a b').map((r) => r.path)).toEqual([
      '/api/openapi.json',
      '/api/products',
      '/api/products/sku-a%20b',
    ]);
  });
});
