import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { SERVICE_NAMES, type ServiceName } from '../../contracts';
import { loadConfig } from '../../lib/config';
import { fakeRedis } from '../../test/support/fake-redis';
import { createApp, gatewayRouters, type AppDeps } from '../app';
import { serviceClient, type ServiceClient } from '../services/service-client';
import { openApiDocument } from './document';

type Schema = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const config = loadConfig({});
const deps: AppDeps = {
  temporal: {} as Client,
  redis: fakeRedis(),
  logger: pino({ level: 'silent' }),
  verifier: { verify: async () => ({ customerId: 'c-1' }) },
};

/** Every `METHOD /path` the gateway's routers serve (HEAD, which Koa adds to every GET, left out; `:id` as `{id}`). */
function routedOperations(): Set<string> {
  const clients = Object.fromEntries(SERVICE_NAMES.map((s) => [s, serviceClient(config, s)])) as Record<
    ServiceName,
    ServiceClient
  >;
  const routers: Router[] = gatewayRouters(deps, config, clients);
  const operations = new Set<string>();
  for (const router of routers) {
    for (const layer of router.stack) {
      const path = String(layer.path).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      for (const method of layer.methods.filter((m) => m !== 'HEAD')) operations.add(`${method} ${path}`);
    }
  }
  return operations;
}

/** Every `METHOD /path` the document describes. */
function documentedOperations(document: Schema): Set<string> {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Schema>)) {
    for (const method of Object.keys(item).filter((k) => HTTP_METHODS.includes(k)))
      operations.add(`${method.toUpperCase()} ${path}`);
  }
  return operations;
}

/** What one side has that the other lacks; both empty when the routes and the document agree. */
function compare(routed: Set<string>, documented: Set<string>) {
  return {
    undocumented: [...routed].filter((op) => !documented.has(op)).sort(),
    unrouted: [...documented].filter((op) => !routed.has(op)).sort(),
  };
}

/** Every operation object of the document, as `[METHOD /path, operation]`. */
function operations(document: Schema): Array<[string, Schema]> {
  return Object.entries(document.paths as Record<string, Schema>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([k]) => HTTP_METHODS.includes(k))
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Schema] as [string, Schema]),
  );
}

/** The codes a narrowed Error schema (`{properties: {error: {properties: {code: {enum}}}}}`) lists. */
function declaredCodes(narrowed: Schema | undefined): string[] {
  const error = (narrowed?.properties as Record<string, Schema> | undefined)?.error;
  return ((error?.properties as Record<string, Schema> | undefined)?.code?.enum ?? []) as string[];
}

/** Every error code the gateway's source can answer: each `HttpError(status, 'CODE'` under api/ and lib/http-error, plus Koa's 405 and 429. */
function raisedCodes(): Set<string> {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return files(full);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
    });
  const codes = new Set(['METHOD_NOT_ALLOWED', 'RATE_LIMITED']); // the allowed-methods middleware's, koa-ratelimit's (named by the error handler)
  // the gateway's own files, and the lib/ middleware it shares with the services
  const gatewayFiles = [
    ...files(path.join(__dirname, '..')),
    ...['json-body.ts', 'validation.ts'].map((f) => path.join(__dirname, '../../lib', f)),
  ];
  for (const file of gatewayFiles) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:HttpError|super)\(\s*\d{3},\s*'([A-Z_]+)'/g))
      codes.add(m[1]!);
  }
  return codes;
}

/** Every `$ref` string anywhere under `node`. */
function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)));
}

/** The node a local `$ref` (`#/a/b`) points at, or undefined. */
function resolve(document: Schema, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Schema)[key] : undefined), document);
}

describe('OpenAPI document', () => {
  const document = openApiDocument();

  it('describes exactly the routes the gateway serves', () => {
    const routed = routedOperations();
    expect(routed.size).toBeGreaterThan(0);
    expect(compare(routed, documentedOperations(document))).toEqual({ undocumented: [], unrouted: [] });
  });

  it('would report a route missing from the document, and a documented path no router serves', () => {
    const routed = routedOperations();
    const doctored = structuredClone(document) as { paths: Record<string, Schema> };
    delete doctored.paths['/api/orders']!.get;
    doctored.paths['/api/refunds'] = { post: { responses: { 200: { description: 'made up' } } } };
    expect(compare(routed, documentedOperations(doctored))).toEqual({
      undocumented: ['GET /api/orders'],
      unrouted: ['POST /api/refunds'],
    });
  });

  it('is OpenAPI 3.1.0', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('gives every operation at least one 2xx response', () => {
    for (const [name, op] of operations(document)) {
      const statuses = Object.keys(op.responses as Schema);
      expect({ name, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ name, success: true });
    }
  });

  it('gives every 4xx and 5xx response the one Error schema, narrowed to the codes it lists (the unhealthy health report aside)', () => {
    // `GET /health` answers 503 with the full health report (what a load balancer and an operator read), not an error
    const reportNotError: Record<string, string> = { 'GET /health 503': '#/components/schemas/Health' };
    let errors = 0;
    for (const [name, op] of operations(document)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Schema>)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        errors += 1;
        const schema = (response.content as Record<string, { schema?: Schema }> | undefined)?.['application/json']
          ?.schema;
        if (reportNotError[`${name} ${status}`]) {
          expect({ name, status, schema }).toEqual({
            name,
            status,
            schema: { $ref: reportNotError[`${name} ${status}`] },
          });
          continue;
        }
        const [base, narrowed] = (schema?.allOf ?? []) as Schema[];
        expect({ name, status, base }).toEqual({ name, status, base: { $ref: '#/components/schemas/Error' } });
        expect({ name, status, codes: declaredCodes(narrowed).length > 0 }).toEqual({ name, status, codes: true });
      }
    }
    expect(errors).toBeGreaterThan(Object.keys(reportNotError).length);
  });

  it('declares every error code the gateway source raises, and no code it never raises', () => {
    const declared = new Set(
      operations(document).flatMap(([, op]) =>
        Object.values(op.responses as Record<string, Schema>)
          .flatMap(
            (r) =>
              (
                (r.content as Record<string, { schema?: Schema }> | undefined)?.['application/json']?.schema?.allOf as
                  Schema[] | undefined
              )?.[1] ?? [],
          )
          .flatMap((narrowed) => declaredCodes(narrowed as Schema)),
      ),
    );
    const raised = raisedCodes();
    raised.delete('NOT_FOUND'); // a path no route serves: no operation of the document answers it
    expect(raised.size).toBeGreaterThan(10);
    expect({
      undeclared: [...raised].filter((c) => !declared.has(c)).sort(),
      neverRaised: [...declared].filter((c) => !raised.has(c)).sort(),
    }).toEqual({ undeclared: [], neverRaised: [] });
  });

  it('declares X-Request-Id on every answer, RateLimit-* on every answer under /api, Allow on 405, Retry-After on 429, Location on 201/202 of POST /api/orders', () => {
    for (const [name, op] of operations(document)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Schema>)) {
        const headers = Object.keys((response.headers ?? {}) as Schema);
        const expected = [
          'X-Request-Id',
          ...(name.split(' ')[1]!.startsWith('/api/')
            ? ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']
            : []),
          ...(status === '405' ? ['Allow'] : []),
          ...(status === '429' ? ['Retry-After'] : []),
          ...(name === 'POST /api/orders' && ['201', '202'].includes(status) ? ['Location'] : []),
        ];
        expect({ name, status, missing: expected.filter((h) => !headers.includes(h)) }).toEqual({
          name,
          status,
          missing: [],
        });
      }
      expect({ name, has405: Object.keys(op.responses as Schema).includes('405') }).toEqual({ name, has405: true });
    }
  });

  it('takes path, query, header and body schemas from the zod schemas the routes validate with (patterns, closed objects)', () => {
    const op = (path: string, method: string) =>
      (document.paths as Record<string, Record<string, Schema>>)[path]![method]!;
    const param = (o: Schema, name: string) =>
      (o.parameters as Schema[]).find((p) => p.name === name)!.schema as Schema;
    expect(param(op('/api/orders/{id}', 'get'), 'id')).toEqual({ type: 'string', pattern: '^[a-f0-9]{32}$' });
    expect(param(op('/api/orders', 'get'), 'cursor')).toEqual({
      type: 'string',
      pattern: '^[0-9]{1,14}_[a-f0-9]{32}$',
    });
    expect(param(op('/api/orders', 'get'), 'limit')).toMatchObject({
      type: 'string',
      pattern: '^(?:[1-9][0-9]?|100)$',
    });
    expect(param(op('/api/orders', 'post'), 'Idempotency-Key')).toEqual({
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,200}$',
    });
    const placed = ((op('/api/orders', 'post').requestBody as Schema).content as Record<string, { schema: Schema }>)[
      'application/json'
    ]!.schema;
    expect(placed).toMatchObject({
      additionalProperties: false,
      properties: {
        items: {
          items: { additionalProperties: false, properties: { productId: { pattern: '^[A-Za-z0-9_-]{1,64}$' } } },
        },
      },
    });
  });

  it('has an Error schema of the shape {error: {code, message, requestId}}', () => {
    const error = resolve(document, '#/components/schemas/Error') as Schema;
    expect(error).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['code', 'message', 'requestId'] } },
    });
  });

  it('closes every response object that lists its properties, so an undeclared field fails conformance', () => {
    /** Paths of objects with `properties` but no `additionalProperties`, outside allOf narrowings. */
    const open = (node: unknown, at: string): string[] => {
      if (!node || typeof node !== 'object') return [];
      const o = node as Schema;
      const here = o.properties && o.additionalProperties === undefined ? [at] : [];
      return [
        ...here,
        ...Object.entries(o)
          .filter(([k]) => k !== 'allOf')
          .flatMap(([k, v]) => open(v, `${at}/${k}`)),
      ];
    };
    const responses = operations(document).flatMap(([name, op]) => open(op.responses, name));
    const components = open((document.components as Schema).schemas, 'components');
    expect(responses.length + components.length).toBe(0);
    expect(open({ properties: { a: {} } }, 'probe')).toEqual(['probe']); // the finder sees an open object
    expect((resolve(document, '#/components/schemas/Order') as Schema).additionalProperties).toBe(false);
  });

  it("narrows an order's productId to the catalog's ids when it knows them, and names 409 for a reused key", () => {
    const productIdOf = (doc: Schema) => {
      const post = ((doc.paths as Schema)['/api/orders'] as Schema).post as Schema;
      const schema = (((post.requestBody as Schema).content as Schema)['application/json'] as Schema).schema as Schema;
      return ((((schema.properties as Schema).items as Schema).items as Schema).properties as Schema)
        .productId as Schema;
    };
    expect(productIdOf(openApiDocument({ productIds: ['sku-b', 'sku-a'] })).enum).toEqual(['sku-a', 'sku-b']);
    expect(productIdOf(openApiDocument()).enum).toBeUndefined();
    expect(productIdOf(openApiDocument()).pattern).toBeDefined();
    const responses = (((document.paths as Schema)['/api/orders'] as Schema).post as Schema).responses as Schema;
    expect(JSON.stringify(responses['409'])).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(responses['422'])).not.toContain('IDEMPOTENCY_KEY_REUSED');
  });

  it('describes the live order stream as text/event-stream with its message schema, and the order timeline', () => {
    const paths = document.paths as Record<string, Record<string, Schema>>;
    const stream = paths['/api/orders/{id}/stream']!.get!;
    const ok = (stream.responses as Record<string, Schema>)['200']!;
    const media = (ok.content as Record<string, Schema>)['text/event-stream']!;
    expect(Object.keys(ok.content as Schema)).toEqual(['text/event-stream']);
    expect(media['x-sse-events']).toEqual({ status: { $ref: '#/components/schemas/OrderStreamStatus' } });
    expect(Object.keys(ok.headers as Schema)).toEqual(expect.arrayContaining(['Cache-Control', 'X-Accel-Buffering']));
    expect((stream.parameters as Schema[]).map((p) => `${p.in} ${p.name}`)).toEqual([
      'path id',
      'header Last-Event-ID',
    ]);
    expect(resolve(document, '#/components/schemas/OrderStreamStatus')).toMatchObject({
      required: ['orderId', 'status', 'totalCents', 'cause', 'at'],
      additionalProperties: false,
    });
    const timeline = (
      (paths['/api/orders/{id}/events']!.get!.responses as Record<string, Schema>)['200']!.content as Record<
        string,
        { schema: Schema }
      >
    )['application/json']!.schema;
    expect(timeline).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/OrderTimelineEntry' } } },
    });
  });

  it('resolves every $ref', () => {
    const all = refs(document);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((r) => resolve(document, r) === undefined)).toEqual([]);
  });

  it('is served by GET /api/openapi.json on the real app', async () => {
    const app = createApp(deps);
    const server = http.createServer(app.callback());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(document)));
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
