import net from 'node:net';

/** A TCP forwarder on a fixed local port that can be opened and closed, standing in for a dependency that comes and goes. */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  /** `delayMs`: how long each accepted connection is held (its bytes kept) before it is forwarded, like a slow network. */
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
    private readonly options: { delayMs?: number } = {},
  ) {}

  /** Starts accepting and forwarding connections. */
  async open(): Promise<void> {
    const track = (s: net.Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    };
    const forward = (client: net.Socket) => {
      if (client.destroyed) return;
      const upstream = net.connect(this.target);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    const server = net.createServer((client) => {
      track(client);
      if (this.options.delayMs) setTimeout(() => forward(client), this.options.delayMs);
      else forward(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Stops accepting and cuts every forwarded connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** A local port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
