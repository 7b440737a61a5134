// No side doors: every route of every service's HTTP API refuses a caller without the deployment's internal credential.
import { SERVICE_NAMES } from '../../contracts';
import { internalAuthHeader } from '../../lib/internal-auth';
import {
  fillParams,
  serviceRoutes,
  testInternalAuth,
  testServiceUrl,
  type ServiceRoute,
} from '../support/service-routes';

const routes = serviceRoutes();

/** Calls `route` (params filled with `x`) with `headers`; POSTs send an empty JSON object. */
async function call(route: ServiceRoute, headers: Record<string, string>) {
  const post = route.method === 'POST';
  const res = await fetch(testServiceUrl(route.service) + fillParams(route.path, 'x'), {
    method: route.method,
    headers: { ...headers, ...(post ? { 'content-type': 'application/json' } : {}) },
    body: post ? '{}' : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    challenge: res.headers.get('www-authenticate'),
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

const REFUSALS: [string, Record<string, string>][] = [
  ['no credential', {}],
  ['a wrong token', internalAuthHeader('not-the-deployment-token-0123')],
  ['the token in another scheme', { authorization: testInternalAuth().authorization.replace(/^Bearer/, 'Basic') }],
];

describe('service HTTP APIs', () => {
  it('are read from every service router (the list below is not empty)', () => {
    expect(new Set(routes.map((r) => r.service))).toEqual(new Set(SERVICE_NAMES));
    expect(routes).toEqual(
      expect.arrayContaining([
        { service: 'users', method: 'GET', path: '/users/:id' },
        { service: 'users', method: 'POST', path: '/auth/login' },
        { service: 'orders', method: 'GET', path: '/orders' },
      ]),
    );
  });

  describe.each(routes.map((r) => [`${r.service} ${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    it.each(REFUSALS)('answers 401 UNAUTHORIZED to %s', async (_why, headers) => {
      const res = await call(route, headers);
      expect(res).toEqual({
        status: 401,
        challenge: 'Bearer realm="internal"',
        body: route.method === 'HEAD' ? undefined : { error: { code: 'UNAUTHORIZED', message: expect.any(String) } },
      });
    });

    it('lets the credential through (so the refusals above are the check, not a broken route)', async () => {
      expect((await call(route, testInternalAuth())).status).not.toBe(401);
    });
  });

  it.each(SERVICE_NAMES)('%s answers /health and /ready without the credential', async (service) => {
    for (const probe of ['/health', '/ready']) {
      const res = await fetch(testServiceUrl(service) + probe, { signal: AbortSignal.timeout(10_000) });
      expect([probe, res.status]).toEqual([probe, 200]);
    }
  });
});
