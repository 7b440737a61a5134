import http from 'node:http';
import { loadConfig } from '../../lib/config';
import { checkEndpoint, metricsEndpoints } from './endpoints';

describe('npm run metrics', () => {
  it('lists the gateway metrics port, every service port and the embedded Temporal server', () => {
    const urls = metricsEndpoints(loadConfig({})).map((e) => `${e.process} ${e.url}`);
    expect(urls).toEqual([
      'gateway http://127.0.0.1:9464/metrics',
      'orders http://127.0.0.1:3001/metrics',
      'inventory http://127.0.0.1:3002/metrics',
      'payments http://127.0.0.1:3003/metrics',
      'users http://127.0.0.1:3004/metrics',
      'products http://127.0.0.1:3005/metrics',
      'notifications http://127.0.0.1:3006/metrics',
      'temporal http://127.0.0.1:9465/metrics',
    ]);
    const replicated = metricsEndpoints(loadConfig({ WORKER_REPLICAS: 'payments=2,gateway=2' })).map((e) => e.url);
    expect(replicated).toEqual(
      expect.arrayContaining(['http://127.0.0.1:9564/metrics', 'http://127.0.0.1:3103/metrics']),
    );
    const external = metricsEndpoints(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }));
    expect(external.map((e) => e.process)).not.toContain('temporal');
  });

  it('--check says ok with the samples of an answering endpoint, and why another failed', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('# TYPE up gauge\nup 1\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      expect(await checkEndpoint(`http://127.0.0.1:${port}/metrics`)).toEqual({ ok: true, detail: '1 samples' });
      expect(await checkEndpoint(`http://127.0.0.1:${port}/other`)).toEqual({ ok: false, detail: 'HTTP 404' });
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect((await checkEndpoint(`http://127.0.0.1:${port}/metrics`)).ok).toBe(false);
  });
});
