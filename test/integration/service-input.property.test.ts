// Property test of the services' HTTP APIs on the real stack: malformed ids, query strings and bodies, sent with the
// internal credential to every route, are answered 4xx (or 2xx) in the one error style, never 5xx.
import http from 'node:http';
import fc from 'fast-check';
import { servicePort } from '../../lib/config';
import { serviceRoutes, testInternalAuth, type ServiceRoute } from '../support/service-routes';
import { testConfig } from '../support/test-env';

/** Every route but HEAD (the same handler as its GET). */
const routes = serviceRoutes().filter((r) => r.method !== 'HEAD');

/** Sends one request with a raw target (node:http, so odd bytes reach the server as written). */
function send(route: ServiceRoute, target: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; type: string | undefined; text: string }>((resolve, reject) => {
    const all = { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
    const req = http.request(
      {
        host: '127.0.0.1',
        port: servicePort(testConfig(), route.service),
        method: route.method,
        path: target,
        headers: all,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${route.method} ${target}`)));
    req.on('error', reject);
    req.end(body);
  });
}

// ---- generators ----------------------------------------------------------------------------------------------------

const ascii = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
/** Raw characters a request line may carry (printable ASCII, no `?` or `#`). */
const rawText = fc.string({ unit: ascii(0x21, 0x7e).filter((c) => c !== '?' && c !== '#'), maxLength: 40 });
/** Ids that are malformed for some column: NUL and control bytes, broken escapes, not-quite uuids, injections, huge ones. */
const ODD_IDS = [
  '%00',
  'a%00b',
  '%0A',
  '%7F',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AF',
  '%FF%FE',
  '..',
  '%2e%2e',
  '%2F',
  'x'.repeat(300),
  'x'.repeat(5_000),
  '00000000-0000-0000-0000-00000000000g',
  '00000000-0000-0000-0000-0000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  "1'%20OR%20'1'='1",
  '%27%3B%20drop%20table%20users%3B--',
  'null',
  'undefined',
  '-1',
  '0',
  '1e400',
  'NaN',
  '%F0%9F%92%A9',
  '%E2%80%AE',
];
const oddId = fc.oneof(
  fc.constantFrom(...ODD_IDS),
  rawText,
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
  fc.uuid().map((u) => u.slice(0, -1)),
);
const KEYS = [
  'customerId',
  'limit',
  'before',
  'productId',
  'orderId',
  'recipient',
  'id',
  '__proto__',
  'constructor',
  'debug',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1.5',
  '0x10',
  '1e3',
  '99999999999999999999',
  'NaN',
  '%00',
  '%',
  '%ZZ',
  '2026-13-45T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z_x',
  '_',
  'a_b_c',
];
/** A query string: random pairs of known and unknown keys (repeated keys included), or raw junk. */
const oddQuery = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), rawText), fc.oneof(fc.constantFrom(...VALUES), oddId)), {
      minLength: 1,
      maxLength: 5,
    })
    .map((pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`),
  rawText.map((junk) => `?${junk}`),
);
/** A body for the POST routes: broken or odd JSON, under a right or wrong content type. */
const oddBody = fc.tuple(
  fc.oneof(
    fc.json(),
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      '{"email":',
      '{"email":"a@b.c","password":"\\u0000"}',
      '[]',
      'null',
      '{"email":"a@b.c","password":"x","admin":true}',
    ),
  ),
  fc.constantFrom(
    'application/json',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-7',
  ),
);

/** The route's path with every `:param` replaced by `id` (as raw text). */
const target = (route: ServiceRoute, id: string, query: string) => route.path.replace(/:\w+/g, () => id) + query;

describe.each(routes.map((r) => [`${r.service} ${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers malformed ids, queries and bodies below 500, in the error style', async () => {
    const auth = testInternalAuth();
    await fc.assert(
      fc.asyncProperty(oddId, oddQuery, oddBody, async (id, query, [body, contentType]) => {
        const path = target(route, id, query);
        const post = route.method === 'POST';
        const res = await send(
          route,
          path,
          post ? { ...auth, 'content-type': contentType } : auth,
          post ? body : undefined,
        );
        const context = `${route.method} ${path.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 200)}`;
        expect({ context, below500: res.status < 500 }).toEqual({ context, below500: true });
        if (res.status >= 400) {
          expect({ context, type: res.type }).toEqual({ context, type: expect.stringContaining('application/json') });
          const parsed = JSON.parse(res.text) as { error?: Record<string, unknown> };
          expect({ context, keys: Object.keys(parsed) }).toEqual({ context, keys: ['error'] });
          expect({ context, error: parsed.error }).toEqual({
            context,
            error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
