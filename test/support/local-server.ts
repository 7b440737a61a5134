import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** Starts `server` on a free 127.0.0.1 port; resolves to its base URL (`http://127.0.0.1:<port>`). */
export async function listenLocal(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server`, dropping idle keep-alive connections so the close does not wait for them. */
export async function closeServer(server: http.Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
}

/** A base URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  const url = await listenLocal(server);
  await closeServer(server);
  return url;
}

/** Sends `head` (request line and header lines, no blank line) on a raw socket to `base`, exactly as written, with no body; resolves to the status and the parsed JSON body. */
export async function rawRequest(
  base: string,
  head: string[],
): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const url = new URL(base);
  const text = await new Promise<string>((resolve, reject) => {
    let answer = '';
    const socket = net.connect(Number(url.port), url.hostname, () =>
      socket.end(`${[...head, `Host: ${url.host}`, 'Connection: close'].join('\r\n')}\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
  const [top = '', payload = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = top.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: payload ? (JSON.parse(payload) as Record<string, unknown>) : {},
  };
}
