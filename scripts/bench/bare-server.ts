import { Worker } from 'node:worker_threads';

/** One path the bare server answers: the bytes and content type the gateway answered for it. */
export interface BareRoute {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A running bare server. */
export interface BareServer {
  url: string;
  close(): Promise<void>;
}

// Plain JavaScript, run by a worker thread: its own event loop, so the load tool on the main thread does not slow it.
const SERVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const routes = new Map(workerData.routes.map((r) => [r.path, r]));
const server = http.createServer((req, res) => {
  const route = routes.get(req.url);
  if (!route) {
    res.writeHead(404, { 'content-length': 0 }).end();
    return;
  }
  res.writeHead(200, { 'content-type': route.contentType, 'content-length': route.body.length });
  res.end(route.body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => parentPort.close()));
`;

/**
 * Starts a bare `node:http` server in a worker thread of this process, answering each of `routes` with exactly its
 * bytes and content type (no middleware, no rate limit, no logging): what the gateway's read path is compared to.
 */
export async function startBareServer(routes: BareRoute[]): Promise<BareServer> {
  const worker = new Worker(SERVER_SOURCE, {
    eval: true,
    workerData: { routes: routes.map((r) => ({ ...r, body: new Uint8Array(r.body) })) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (p: number) => resolve(p));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      worker.postMessage('close');
      await Promise.race([new Promise((r) => worker.once('exit', r)), new Promise((r) => setTimeout(r, 2_000))]);
      await worker.terminate();
    },
  };
}
