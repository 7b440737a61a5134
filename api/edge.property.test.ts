import http from 'node:http';
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import pino from 'pino';
import type { z } from 'zod';
import { SERVICE_NAMES, type OrderRecord, type ProductDto } from '../contracts';
import { envKey, loadConfig } from '../lib/config';
import { fakeRedis } from '../test/support/fake-redis';
import { createApp } from './app';
import type { TokenVerifier } from './auth/token-verifier';
import { HttpError } from './http-error';
import { LoginBody } from '../contracts/request-schemas';
import { RegisterBody } from './routes/auth';
import { CancelOrderBody, PlaceOrderBody } from './routes/orders';
import { closeServer, listenLocal } from '../test/support/local-server';

// Property tests of the gateway's edge: thousands of requests, each built to be refused, none may start or signal a
// workflow, answer 5xx, leak a stack trace or leave the one error shape.

const MINE = 'c'.repeat(32); // an order of cust-1 (the caller of most requests)
const THEIRS = 'd'.repeat(32); // an order of cust-2
const CATALOG: ProductDto[] = [
  { id: 'p-1', name: 'Kettle', description: 'Boils water', priceCents: 2_500, currency: 'EUR' },
];
const record = (orderId: string, customerId: string): OrderRecord => ({
  orderId,
  customerId,
  status: 'CONFIRMED',
  items: [{ productId: 'p-1', quantity: 1, unitPriceCents: 2_500 }],
  totalCents: 2_500,
  currency: 'EUR',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  idempotencyKey: 'k',
  requestHash: 'h',
});
const RECORDS = new Map([
  [MINE, record(MINE, 'cust-1')],
  [THEIRS, record(THEIRS, 'cust-2')],
]);

/** Every service's read API in one stub; counts `POST /auth/login` calls (none may reach it: every login body is invalid). */
function startServices() {
  const seen = { logins: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://stub');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/ready') return send(200, { status: 'ready' });
    if (req.method === 'POST' && url.pathname === '/auth/login') {
      seen.logins += 1;
      return send(401, { error: { code: 'INVALID_CREDENTIALS', message: 'no' } });
    }
    if (url.pathname === '/orders') return send(200, { items: [] });
    if (order) return RECORDS.has(order[1]!) ? send(200, RECORDS.get(order[1]!)) : send(404, { error: 'not found' });
    if (url.pathname === '/products') return send(200, { items: CATALOG });
    if (url.pathname === '/stock') return send(200, { items: [] });
    send(404, { error: 'not found' });
  });
  return { server, seen };
}

/** A Temporal client that records (and refuses) every command that would start or touch a workflow; its health probe answers. */
function recordingTemporal() {
  const commands: string[] = [];
  const refuse = (name: string) => async () => {
    commands.push(name);
    throw new Error(`edge test: unexpected ${name}`);
  };
  const handle = {
    signal: refuse('signal'),
    cancel: refuse('cancel'),
    terminate: refuse('terminate'),
    executeUpdate: refuse('executeUpdate'),
    startUpdate: refuse('startUpdate'),
    query: async () => ({ status: 'CONFIRMED' }),
  };
  const client = {
    workflow: {
      start: refuse('workflow.start'),
      execute: refuse('workflow.execute'),
      signalWithStart: refuse('signalWithStart'),
      startUpdateWithStart: refuse('startUpdateWithStart'),
      executeUpdateWithStart: refuse('executeUpdateWithStart'),
      getHandle: () => handle,
    },
    connection: {
      withDeadline: <T>(_d: number, fn: () => Promise<T>) => fn(),
      workflowService: { getSystemInfo: async () => ({}) },
    },
  };
  return { client: client as unknown as Client, commands };
}

/** Token `t-<customer>` names that customer; anything else is refused like a forged token. */
const verifier: TokenVerifier = {
  async verify(token) {
    if (/^t-[A-Za-z0-9-]+$/.test(token)) return { customerId: token.slice(2) };
    throw new HttpError(401, 'INVALID_TOKEN', 'The access token is not valid.');
  },
};

let gateway: http.Server;
let services: ReturnType<typeof startServices>;
let temporal: ReturnType<typeof recordingTemporal>;
let port: number;
const errorLogs: string[] = [];

const listen = async (server: http.Server) => Number(new URL(await listenLocal(server)).port);
const close = closeServer;

beforeAll(async () => {
  services = startServices();
  const servicesPort = String(await listen(services.server));
  const huge = '10000000'; // so that 429s do not hide what is behind the limiter
  const config = loadConfig({
    ...Object.fromEntries(SERVICE_NAMES.map((s) => [envKey(s, 'HTTP_PORT'), servicesPort])),
    RATE_LIMIT_PER_MINUTE: huge,
    RATE_LIMIT_LOGIN_PER_MINUTE: huge,
    RATE_LIMIT_ORDERS_PER_MINUTE: huge,
    CORS_ORIGINS: 'https://shop.example',
  });
  temporal = recordingTemporal();
  const logger = pino({ level: 'error' }, { write: (line: string) => void errorLogs.push(line) });
  gateway = http.createServer(
    createApp({ temporal: temporal.client, redis: fakeRedis(), logger, config, verifier }).callback(),
  );
  port = await listen(gateway);
});

afterAll(async () => {
  await close(gateway);
  await close(services.server);
});

/** One request as generated. */
interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends `r` with node:http (raw path, any method, explicit Content-Length); an answer that arrives before the body is all sent still counts. */
function send(r: Req): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers = {
      ...r.headers,
      ...(r.body !== undefined ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}),
    };
    const req = http.request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(r.body);
  });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Text of a stack trace or a source location (JSON-escaped or not). */
const STACK = [/(\n|\\n)\s*at \S/, /\.ts:\d+/, /\.js:\d+:\d+/, /node:internal/, /node_modules/];

/** Sends `r` and checks what must hold for every refused request; returns the answer for extra checks. */
async function refused(r: Req) {
  const res = await send(r);
  const echoed = res.headers['x-request-id'];
  const context = `${r.method} ${r.path} -> ${res.status} ${res.text.slice(0, 300)}`;
  expect({ context, status: res.status < 500 }).toEqual({ context, status: true });
  expect(typeof echoed).toBe('string');
  const sentId = r.headers['x-request-id']?.replace(/^[ \t]+|[ \t]+$/g, ''); // HTTP drops a value's surrounding blanks
  if (sentId !== undefined && REQUEST_ID.test(sentId)) expect(echoed).toBe(sentId);
  else expect(echoed).toMatch(UUID);
  if (res.status >= 400 && r.method !== 'HEAD') {
    expect({ context, type: res.headers['content-type'] }).toEqual({
      context,
      type: expect.stringContaining('application/json'),
    });
    const body = JSON.parse(res.text) as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: echoed }),
    );
    expect((body.error.code as string).length).toBeGreaterThan(0);
  }
  for (const pattern of STACK) expect({ context, leak: pattern.test(res.text) }).toEqual({ context, leak: false });
  expect(temporal.commands).toEqual([]);
  expect(services.seen.logins).toBe(0);
  return res;
}

// ---- generators ----------------------------------------------------------------------------------------------------

const METHODS = http.METHODS.filter((m) => m !== 'CONNECT'); // CONNECT is a tunnel, not a request to route
const ascii = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
/** Header value text: what Node lets a client send (printable ASCII and Latin-1). */
const headerText = fc.string({
  unit: fc.oneof({ weight: 9, arbitrary: ascii(0x20, 0x7e) }, { weight: 1, arbitrary: ascii(0xa0, 0xff) }),
  maxLength: 300,
});
/** Raw path characters a request line may carry (printable ASCII, no `?`). */
const pathText = fc.string({ unit: ascii(0x21, 0x7e).filter((c) => c !== '?'), maxLength: 24 });
const ODD_SEGMENTS = [
  '..',
  '.',
  '',
  '%2e%2e',
  '%2E%2E%2F',
  '%2f',
  '%2F..%2F',
  '%00',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%u002e',
  '..%2f..%2fetc%2fpasswd',
  '%252e%252e',
  '\\..\\',
  ';jsessionid=1',
  'orders',
  'ORDERS',
  'cancel',
  'products',
  'auth',
  'login',
  'register',
  'openapi.json',
  MINE,
  THEIRS,
  'a'.repeat(32),
  'A'.repeat(32),
  'x'.repeat(2_000),
  '%20',
  '+',
  '~',
  '*',
  '@',
  ':id',
  '{id}',
];
const segment = fc.oneof(
  fc.constantFrom(...ODD_SEGMENTS),
  pathText,
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
);
const PREFIXES = [
  '',
  '/api',
  '/api/orders',
  '/api/products',
  '/api/auth',
  '/health',
  '/api/openapi.json',
  '//api',
  '/./api',
  '/api/orders/..',
  '/API',
];
/** A query string: nothing, random pairs (some encoded), or raw junk. */
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(pathText, fc.constantFrom('limit', 'cursor', '__proto__', 'constructor', 'customerId', 'debug')),
        pathText,
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`),
  pathText.map((junk) => `?${junk}`),
);
/** Any path: a known prefix (case scrambled) and odd segments, or a bare oddity. */
const anyPath = fc.oneof(
  fc
    .tuple(fc.mixedCase(fc.constantFrom(...PREFIXES)), fc.array(segment, { maxLength: 4 }), fc.boolean(), query)
    .map(
      ([prefix, segments, slash, q]) =>
        `${prefix}/${segments.join('/')}${slash ? '/' : ''}`.replace(/^(?!\/)/, '/') + q,
    ),
  fc.constantFrom(
    '/',
    '*',
    '/%',
    '/..',
    '/api/orders%2F' + MINE,
    '/api/orders/%2e%2e/products',
    '/api/orders;/x',
    '//?a@b#c',
    '//api/orders?x@y#z',
    '/\\[#?@!',
    '/\\x:y@[z]/api/orders',
  ), // the last four: Koa's ctx.path is null or throws
);

const TOKENS = { 'cust-1': 'Bearer t-cust-1', 'cust-2': 'Bearer t-cust-2' };
const badAuth = fc.oneof(
  fc.constantFrom(
    'Bearer forged',
    'Bearer ',
    'Bearer',
    'Basic Y3VzdC0xOnB3',
    'bearer t-',
    'Bearer t-cust-1 extra',
    'Token t-cust-1',
    'Bearer t-cust-1=',
    'Bearer ../../',
    'Bearer\tt-cust-1',
  ),
  headerText,
  headerText.map((t) => `Bearer ${t}`),
);
const anyAuth = fc.oneof(fc.constantFrom(...Object.values(TOKENS), 'bearer t-cust-1', 'BEARER   t-cust-2'), badAuth);
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nope',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/jsonp',
  'text/json',
  '',
  ';;;',
  'application/json, text/plain',
];
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerText },
);
const idempotencyKey = fc.oneof(fc.constantFrom('key-1', '', ' ', 'x'.repeat(201), 'k\u00e9y', 'a b'), headerText);
const requestId = fc.oneof(fc.constantFrom('req-1', 'x'.repeat(129), '<script>', '../../', 'a b'), headerText);

/** Optional headers of any request; `auth` decides the Authorization header. */
const headers = (auth: fc.Arbitrary<string>, extra: Partial<Record<string, fc.Arbitrary<string>>> = {}) =>
  fc.record(
    {
      authorization: auth,
      'content-type': contentType,
      'idempotency-key': idempotencyKey,
      'x-request-id': requestId,
      'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-garbage'),
      origin: fc.constantFrom('https://shop.example', 'https://evil.example', 'null'),
      'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE'),
      'x-forwarded-for': headerText,
      accept: fc.constantFrom('application/json', 'text/html', '*/*', ''),
      ...extra,
    } as Record<string, fc.Arbitrary<string>>,
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;

/** Bodies the write routes accept: a generated body must match none of them. */
const WRITE_BODIES: z.ZodType[] = [PlaceOrderBody, CancelOrderBody, RegisterBody, LoginBody];
const validSomewhere = (text: string) => {
  if (text.trim() === '') return true; // an empty body reads as {}, which a cancel accepts
  try {
    const value: unknown = JSON.parse(text);
    return WRITE_BODIES.some((s) => s.safeParse(value).success);
  } catch {
    return false;
  }
};
/** Valid bodies of each write route: mass assignment adds fields to these. */
const BASES: Record<string, unknown>[] = [
  { items: [{ productId: 'p-1', quantity: 1 }], paymentToken: 'tok_ok' },
  { reason: 'changed my mind' },
  { email: 'ada@example.com', name: 'Ada', password: 'analytical-engine' },
  { email: 'ada@example.com', password: 'analytical-engine' },
];
const FORBIDDEN = [
  'customerId',
  'status',
  'unitPriceCents',
  'totalCents',
  'priceCents',
  'orderId',
  'role',
  'isAdmin',
  'createdAt',
  'failureReason',
  '__proto__',
  'constructor',
  'passwordHash',
  'id',
];
const massAssignment = fc
  .tuple(
    fc.constantFrom(...BASES),
    fc.uniqueArray(fc.constantFrom(...FORBIDDEN), { minLength: 1, maxLength: 4 }),
    fc.jsonValue({ maxDepth: 2 }),
    fc.boolean(),
  )
  .map(([base, keys, value, nested]) => {
    const extra = Object.fromEntries(keys.map((k) => [k, value]));
    // spread, not Object.assign: `__proto__` must stay an own field, as JSON.parse makes it on the server
    if (nested && Array.isArray(base.items))
      return JSON.stringify({ ...base, items: [{ ...(base.items[0] as object), ...extra }] });
    return JSON.stringify({ ...base, ...extra });
  });
const brokenJson = fc
  .tuple(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.nat(),
    fc.constantFrom('', ',', '}', '{', '"', '\u0000', 'garbage', '\\'),
  )
  .map(([text, cut, tail]) => text.slice(0, cut % (text.length + 1)) + tail);
const hugeBody = fc
  .tuple(fc.integer({ min: 64 * 1024 + 1, max: 96 * 1024 }), fc.boolean())
  .map(([n, json]) =>
    json ? JSON.stringify({ ...(BASES[0] as object), paymentToken: 'x'.repeat(n) }) : 'x'.repeat(n),
  );
const body = fc
  .oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 3, arbitrary: massAssignment },
    { weight: 3, arbitrary: brokenJson },
    { weight: 1, arbitrary: hugeBody },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'email=a%40b.c&password=x',
        'null',
        '[]',
        '""',
        '0',
        'true',
        '{"items":[]}',
        '\u00ff\u00fe{}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  )
  .filter((text) => !validSomewhere(text));

const numRuns = (n: number) => ({ numRuns: n });

// ---- properties ----------------------------------------------------------------------------------------------------

describe('the gateway edge under random refused requests', () => {
  afterEach(() => {
    expect(errorLogs).toEqual([]); // nothing was bad enough to be logged as a failure
  });

  it('answers any method on any path with any headers and body without a 5xx, a stack or a workflow', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        anyPath,
        headers(anyAuth),
        fc.option(body, { nil: undefined }),
        async (method, path, h, b) => {
          // a write with no body to one's own order would be a valid cancel: the bodies here are all invalid, so send one
          const text = b ?? (method === 'POST' ? '{"reason":""}' : undefined);
          await refused({ method, path, headers: h, body: text });
        },
      ),
      numRuns(1_500),
    );
  }, 60_000);

  it('answers 401 on every spelling of /api/orders* without a valid token, before any body, service or workflow', async () => {
    const ordersPath = fc
      .tuple(
        fc.mixedCase(fc.constant('/api/orders')),
        fc.oneof(
          fc.constant(''),
          fc.constant('/'),
          fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
          fc.constantFrom(`/${MINE}`, `/${THEIRS}/cancel`, `/${MINE}/CANCEL/`),
        ),
        query,
      )
      .map(([prefix, rest, q]) => prefix + rest + q);
    const noOrigin = headers(badAuth);
    // without a customer even a well-formed order or cancel is a refused request
    const anyBody = fc.oneof(
      { weight: 4, arbitrary: body },
      { weight: 1, arbitrary: fc.constantFrom(JSON.stringify(BASES[0]), JSON.stringify(BASES[1]), '{}') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        ordersPath,
        fc.option(noOrigin, { nil: undefined }),
        fc.option(anyBody, { nil: undefined }),
        async (method, path, h, b) => {
          const { origin: _origin, ...rest } = h ?? {}; // no CORS preflight: the request itself is judged
          const res = await refused({ method, path, headers: rest, body: b });
          expect({ path, method, status: res.status }).toEqual({ path, method, status: 401 });
        },
      ),
      numRuns(1_000),
    );
  }, 60_000);

  it('refuses invalid bodies, keys and mass assignment on every write route of a signed-in customer', async () => {
    const write = fc.oneof(
      fc.constantFrom('/api/orders', '/api/orders/', '/API/Orders'),
      fc.constantFrom(MINE, THEIRS, 'e'.repeat(32), 'not-an-id', '%2e%2e').map((id) => `/api/orders/${id}/cancel`),
      fc.mixedCase(fc.constantFrom('/api/auth/register', '/api/auth/login')),
    );
    const signedIn = headers(fc.constantFrom(...Object.values(TOKENS)), {
      'content-type': fc.oneof(
        { weight: 3, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: contentType },
      ),
    });
    await fc.assert(
      fc.asyncProperty(write, signedIn, body, async (path, h, b) => {
        const { origin: _origin, 'content-encoding': _encoding, ...rest } = h;
        const res = await refused({ method: 'POST', path, headers: rest, body: b });
        expect({ path, status: res.status >= 400 && res.status < 500 }).toEqual({ path, status: true });
      }),
      numRuns(1_200),
    );
  }, 60_000);

  it('answers 400 to every read whose query string is not exactly what the route takes', async () => {
    const invalidPart = fc.oneof(
      fc
        .tuple(
          pathText.filter(
            (k) => k !== '' && !k.includes('#') && !['limit', 'cursor'].includes(decodeURIComponentSafe(k)),
          ),
          pathText,
        )
        .map(([k, v]) => `${k}=${v}`),
      fc.constantFrom(
        '__proto__=1',
        'constructor=x',
        'customerId=cust-2',
        'limit=1&limit=2',
        'limit=',
        'limit=0',
        'limit=101',
        'limit=1e3',
        'limit=-1',
        'limit=2.5',
        'limit=NaN',
        'limit=Infinity',
      ),
      fc.integer({ min: 101 }).map((n) => `limit=${n}`),
      fc.integer({ max: 0 }).map((n) => `limit=${n}`),
      fc
        .string({
          unit: ascii(0x21, 0x7e).filter((c) => !/[A-Za-z0-9_-]/.test(c) && !'&#?+'.includes(c)),
          minLength: 1,
          maxLength: 10,
        })
        .map((c) => `cursor=${encodeURIComponent(c)}`),
      fc
        .string({
          unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
          minLength: 1,
          maxLength: 200,
        })
        .map((c) => `cursor=${c}`),
      fc.constant(`cursor=${'A'.repeat(201)}`),
    );
    const read = fc.constantFrom(
      '/api/orders',
      `/api/orders/${MINE}`,
      '/api/products',
      '/api/products/p-1',
      '/api/openapi.json',
      '/API/PRODUCTS/',
    );
    await fc.assert(
      fc.asyncProperty(
        read,
        invalidPart,
        fc.constantFrom(...Object.values(TOKENS)),
        fc.option(requestId, { nil: undefined }),
        async (path, q, auth, id) => {
          const res = await refused({
            method: 'GET',
            path: `${path}?${q}`,
            headers: { authorization: auth, ...(id !== undefined ? { 'x-request-id': id } : {}) },
          });
          expect({ path, q, status: res.status }).toEqual({ path, q, status: 400 });
          expect(['VALIDATION_FAILED', 'INVALID_CURSOR']).toContain(
            (JSON.parse(res.text) as { error: { code: string } }).error.code,
          );
        },
      ),
      numRuns(800),
    );
  }, 60_000);
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
