import http from 'node:http';
import type Koa from 'koa';
import { loadConfig } from './config';

/**
 * Starts listening on `host` (default `SERVICE_BIND_HOST`, loopback unless set; the gateway passes `GATEWAY_HOST`);
 * rejects with a clear message naming `setting` when the port is taken.
 */
export function listen(
  app: Koa,
  port: number,
  setting: string,
  host: string = loadConfig().SERVICE_BIND_HOST,
): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app.callback());
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; set ${setting} to another port.`) : err,
      ),
    );
    server.listen(port, host, () => resolve(server));
  });
}

/** Stops accepting connections and resolves once open requests are done; after `graceMs` the rest are cut. */
export async function closeServer(server: http.Server, graceMs: number): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  if (graceMs <= 0) server.closeAllConnections();
  else setTimeout(() => server.closeAllConnections(), graceMs).unref();
  await closed;
}
