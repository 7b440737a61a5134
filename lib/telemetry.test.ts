import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { eventually } from '../test/support/http';
import { startTelemetry } from './telemetry';

const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

let server: http.Server;
let seen: (string | undefined)[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers.traceparent?.toString());
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * The `traceparent` header that the test server saw on a `fetch` sent with `CALLER`'s. (`fetch` is the one to check:
 * undici's instrumentation listens on the process-wide diagnostics channel, which outlives a jest test file.)
 */
async function traceparentReceived(): Promise<string | undefined> {
  seen = [];
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await (await fetch(url, { headers: { traceparent: CALLER } })).text();
  return seen[0];
}

describe('startTelemetry and its shutdown', () => {
  it('adds a client span’s traceparent to outgoing fetch calls while started, and none once shut down (jest runs every test file in one process)', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = startTelemetry('test', new SimpleSpanProcessor(exporter));

    // the instrumentation's own client span is sent after the caller's, and exported
    expect(await traceparentReceived()).toMatch(new RegExp(`^${CALLER}, 00-[0-9a-f]{32}-[0-9a-f]{16}-01$`));
    // the client span ends with undici's last event, after the body
    await eventually(async () => exporter.getFinishedSpans().length > 0, 5_000, 50);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET']);

    await telemetry.shutdown();
    expect(await traceparentReceived()).toBe(CALLER);

    // once shut down, a later start in the same process starts again rather than handing back the stopped one
    const again = startTelemetry('test', new SimpleSpanProcessor(new InMemorySpanExporter()));
    expect(again).not.toBe(telemetry);
    const restarted = await traceparentReceived();
    await again.shutdown();
    expect(restarted).not.toBe(CALLER);
  });
});
