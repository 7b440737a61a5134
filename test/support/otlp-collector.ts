import http from 'node:http';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';

/** One span as the test collector stores it: ids in hex, the emitting process's `service.name`, string/int attributes. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  attributes: Record<string, string | number | boolean>;
}

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: KeyValue[] }[];
    }[];
  }[];
}

const valueOf = (v: AnyValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.boolValue ?? v.doubleValue ?? '';
const attributes = (kvs: KeyValue[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, valueOf(kv.value)]));

/**
 * A minimal OTLP/HTTP (JSON) trace receiver for the integration stack: `POST /v1/traces` appends each span as a JSON
 * line to `file`, which tests read (they run in other jest realms than the global setup that owns this server).
 */
export function startOtlpCollector(port: number, file: string): Promise<http.Server> {
  rmSync(file, { force: true });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return res.writeHead(404).end();
      try {
        const request = JSON.parse(body) as ExportRequest;
        const lines = (request.resourceSpans ?? []).flatMap((rs) => {
          const service = String(attributes(rs.resource?.attributes)['service.name'] ?? '');
          return (rs.scopeSpans ?? []).flatMap((ss) =>
            (ss.spans ?? []).map((s): CollectedSpan => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              service,
              attributes: attributes(s.attributes),
            })),
          );
        });
        if (lines.length > 0) appendFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  server.unref(); // never what keeps jest alive, e.g. when the stack fails to start after it
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new Error(
          `test OTLP collector cannot listen on 127.0.0.1:${port} (${err.message}): is another test run going?`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Every span the collector has written so far. */
export const collectedSpans = (file: string): CollectedSpan[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as CollectedSpan)
    : [];
