import http from 'node:http';
import Koa from 'koa';
import pino from 'pino';
import type { ProductDto } from '../../contracts';
import { errorHandler } from '../middleware/error-handler';
import { productRoutes } from '../routes/products';
import { CATALOG_CACHE_KEY, CatalogClient, type CatalogDeps, type CatalogEntry, type CatalogPage } from './catalog';
import { ServiceClient } from './service-client';
import { closeServer, listenLocal } from '../../test/support/local-server';

const TIMEOUT_MS = 200;

/** The products and inventory read APIs in one stub: prices and stock the test sets, inventory can fail or be slow; counts requests. */
function stubServices() {
  const state = {
    products: [
      { id: 'p-1', name: 'Kettle', description: 'Boils water', priceCents: 2_500, currency: 'USD' },
      { id: 'p-2', name: 'Teapot', description: 'Holds tea', priceCents: 4_000, currency: 'USD' },
    ] as ProductDto[],
    stock: { 'p-1': 7, 'p-2': 0 } as Record<string, number>,
    inventory: 'up' as 'up' | 'down' | 'slow',
    productRequests: 0,
    stockRequests: 0,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/products') {
      state.productRequests += 1;
      return send(200, { items: state.products });
    }
    if (url.pathname === '/stock') {
      state.stockRequests += 1;
      if (state.inventory === 'down') return send(503, { error: 'database down' });
      const ids = url.searchParams.getAll('productId');
      const items = Object.entries(state.stock)
        .filter(([productId]) => ids.length === 0 || ids.includes(productId))
        .map(([productId, available]) => ({ productId, available, reserved: 0, sold: 0 }));
      if (state.inventory === 'slow') return void setTimeout(() => send(200, { items }), 2_000).unref();
      return send(200, { items });
    }
    send(404, { error: 'not found' });
  });
  return { state, server };
}

/** A Redis stand-in with GET / SET key value PX ms / DEL and real expiry; `mode` makes every command fail or hang. */
function localRedis() {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const calls: unknown[][] = [];
  const control = { mode: 'up' as 'up' | 'failing' | 'hanging' };
  const guard = <T>(fn: () => T): Promise<T> =>
    control.mode === 'failing'
      ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6380'))
      : control.mode === 'hanging'
        ? new Promise<T>(() => undefined)
        : Promise.resolve(fn());
  const redis = {
    get: (key: string) =>
      guard(() => {
        calls.push(['get', key]);
        const e = entries.get(key);
        return e && e.expiresAt > Date.now() ? e.value : null;
      }),
    set: (key: string, value: string, px: string, ms: number) =>
      guard(() => {
        calls.push(['set', key, px, ms]);
        entries.set(key, { value, expiresAt: px === 'PX' ? Date.now() + ms : Infinity });
        return 'OK';
      }),
    del: (key: string) => guard(() => Number(entries.delete(key))),
  };
  return { redis, calls, control, entries };
}

let stub: ReturnType<typeof stubServices>;
let base: string;
let cache: ReturnType<typeof localRedis>;

beforeEach(async () => {
  stub = stubServices();
  cache = localRedis();
  base = await listenLocal(stub.server);
});
afterEach(() => closeServer(stub.server));

/** A catalog over the stub services and the local Redis, with fresh breakers. */
const catalogClient = (over: Partial<CatalogDeps> = {}) =>
  new CatalogClient({
    products: new ServiceClient('products', base, { timeoutMs: TIMEOUT_MS }),
    inventory: new ServiceClient('inventory', base, {
      timeoutMs: TIMEOUT_MS,
      consecutiveFailures: 2,
      halfOpenAfterMs: 60_000,
    }),
    redis: cache.redis as unknown as CatalogDeps['redis'],
    cacheTtlMs: 60_000,
    cacheTimeoutMs: 50,
    ...over,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs `fn` and returns its result with the time it took. */
async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await fn();
  return { result, ms: Date.now() - started };
}

describe('CatalogClient: the product list cache', () => {
  it('stores the list under catalog:products with the TTL; within the read TTL prices and stock are served from memory', async () => {
    const catalog = catalogClient({ cacheTtlMs: 30_000 });
    const first = await catalog.list();
    expect(first).toEqual({
      items: [
        { ...stub.state.products[0], availability: 7 },
        { ...stub.state.products[1], availability: 0 },
      ],
      degraded: false,
    });
    expect(cache.calls).toContainEqual(['set', CATALOG_CACHE_KEY, 'PX', 30_000]);
    expect(JSON.parse(cache.entries.get(CATALOG_CACHE_KEY)!.value)).toEqual(stub.state.products);
    expect(stub.state.productRequests).toBe(1);

    expect(await catalog.list()).toEqual(first);
    expect(await catalog.get('p-2')).toEqual({
      product: { ...stub.state.products[1], availability: 0 },
      degraded: false,
    });
    expect(await catalog.unknown(['p-1', 'nope', 'nope'])).toEqual(['nope']);
    expect(cache.calls.filter(([op]) => op === 'get')).toHaveLength(1); // no Redis read per request either
    expect(stub.state.productRequests).toBe(1);
    expect(stub.state.stockRequests).toBe(1);
  });

  it('availability is at most the read TTL old: read again after it, by one upstream call for any number of concurrent requests, and at once after invalidate()', async () => {
    const catalog = catalogClient({ readTtlMs: 100 });
    expect((await catalog.get('p-1'))?.product.availability).toBe(7);
    stub.state.stock['p-1'] = 3; // a change the gateway did not make (a restock, a release)
    expect((await catalog.get('p-1'))?.product.availability).toBe(7); // younger than the TTL
    await sleep(120);
    const reads = await Promise.all([
      ...Array.from({ length: 10 }, () => catalog.get('p-1')),
      ...Array.from({ length: 10 }, () => catalog.list()),
    ]);
    expect(reads.slice(0, 10).map((r) => (r as CatalogEntry).product.availability)).toEqual(Array(10).fill(3));
    expect(reads.slice(10).map((r) => (r as CatalogPage).items[0]!.availability)).toEqual(Array(10).fill(3));
    expect(stub.state.stockRequests).toBe(2);
    expect(cache.calls.filter(([op]) => op === 'get')).toHaveLength(2);

    stub.state.stock['p-1'] = 2; // the gateway placed an order of one kettle
    catalog.invalidate();
    expect((await catalog.get('p-1'))?.product.availability).toBe(2);
    expect(stub.state.stockRequests).toBe(3);
  });

  it('an expired entry is fetched again', async () => {
    const catalog = catalogClient({ cacheTtlMs: 100, readTtlMs: 50 });
    await catalog.list();
    await sleep(150);
    await catalog.list();
    expect(stub.state.productRequests).toBe(2);
  });

  it('serves cached prices until the key is deleted (a price change), then the new prices within the read TTL', async () => {
    const catalog = catalogClient({ readTtlMs: 50 });
    await catalog.list();
    stub.state.products = stub.state.products.map((p) => (p.id === 'p-1' ? { ...p, priceCents: 1_999 } : p));
    await sleep(60);
    expect((await catalog.get('p-1'))?.product.priceCents).toBe(2_500); // still cached in Redis

    await cache.redis.del(CATALOG_CACHE_KEY); // what invalidateCatalogCache does
    await sleep(60);
    expect((await catalog.get('p-1'))?.product.priceCents).toBe(1_999);
    expect((await catalog.list()).items[0]?.priceCents).toBe(1_999);
    expect(stub.state.productRequests).toBe(2);
  });

  it('a failing Redis never fails a read: the list comes from the products service', async () => {
    const catalog = catalogClient({ readTtlMs: 0 }); // every read goes upstream
    cache.control.mode = 'failing';
    expect(await catalog.list()).toMatchObject({
      items: [{ id: 'p-1', availability: 7 }, { id: 'p-2' }],
      degraded: false,
    });
    expect(await catalog.unknown(['p-1'])).toEqual([]);
    expect(stub.state.productRequests).toBe(2);
  });

  it('a hanging Redis costs at most the cache budget per command', async () => {
    const catalog = catalogClient({ cacheTimeoutMs: 50 });
    cache.control.mode = 'hanging';
    const { result, ms } = await timed(() => catalog.list());
    expect(result.items).toHaveLength(2);
    expect(ms).toBeLessThan(400); // get (50 ms) + service call + set (50 ms)
  });

  it('a Redis without get/set (like the rate-limit fake) still serves', async () => {
    const catalog = catalogClient({ redis: {} as CatalogDeps['redis'] });
    expect((await catalog.list()).items).toHaveLength(2);
  });
});

describe('CatalogClient: the unknown-product check when the catalog cannot be read', () => {
  /** Takes the products service away for good (its breaker then fails fast). */
  const productsDown = () => {
    stub.server.closeAllConnections();
    return new Promise((resolve) => stub.server.close(resolve));
  };
  const reopen = () =>
    new Promise<void>((resolve) => stub.server.listen(Number(new URL(base).port), '127.0.0.1', resolve)); // for afterEach

  it('Redis and the products service both down: the last list this gateway read answers', async () => {
    const catalog = catalogClient({ readTtlMs: 0 }); // every read goes upstream
    expect(await catalog.unknown(['p-1'])).toEqual([]); // read once, from the service
    cache.control.mode = 'failing';
    await productsDown();
    try {
      expect(await catalog.unknown(['p-1', 'p-2', 'ghost'])).toEqual(['ghost']);
      await expect(catalog.list()).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' }); // the storefront shows no stale prices
    } finally {
      await reopen();
    }
  });

  it('a list read from Redis is kept too', async () => {
    const catalog = catalogClient();
    cache.entries.set(CATALOG_CACHE_KEY, { value: JSON.stringify([stub.state.products[1]]), expiresAt: Infinity });
    expect(await catalog.unknown(['p-2'])).toEqual([]);
    cache.control.mode = 'failing';
    await productsDown();
    try {
      expect(await catalog.unknown(['p-1', 'p-2'])).toEqual(['p-1']);
      expect(stub.state.productRequests).toBe(0);
    } finally {
      await reopen();
    }
  });

  it('never read a list: 503 CATALOG_UNAVAILABLE with the reason', async () => {
    cache.control.mode = 'failing';
    await productsDown();
    try {
      await expect(catalogClient().unknown(['p-1'])).rejects.toMatchObject({
        status: 503,
        code: 'CATALOG_UNAVAILABLE',
        details: { reason: expect.any(String) },
      });
    } finally {
      await reopen();
    }
  });
});

describe('CatalogClient: inventory failures degrade, never fail', () => {
  it('inventory down: availability null and degraded, then the open breaker answers without calling it', async () => {
    const catalog = catalogClient();
    stub.state.inventory = 'down';
    expect(await catalog.list()).toEqual({
      items: stub.state.products.map((p) => ({ ...p, availability: null })),
      degraded: true,
    });
    expect(await catalog.get('p-1')).toEqual({
      product: { ...stub.state.products[0], availability: null },
      degraded: true,
    });
    expect(stub.state.stockRequests).toBe(2); // two failures open the inventory breaker

    const { result, ms } = await timed(() => catalog.list());
    expect(result.degraded).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(stub.state.stockRequests).toBe(2);
  });

  it('inventory down after a good read: once the read TTL is over the catalog is degraded, never the last stock shown as live', async () => {
    const catalog = catalogClient({ readTtlMs: 50 });
    expect((await catalog.get('p-1'))?.product.availability).toBe(7);
    stub.state.inventory = 'down';
    await sleep(60);
    expect(await catalog.get('p-1')).toEqual({
      product: { ...stub.state.products[0], availability: null },
      degraded: true,
    });
    expect((await catalog.list()).degraded).toBe(true); // a failed read is not kept: the next read asks again
    expect(stub.state.stockRequests).toBe(3); // two failures: the breaker is open now, later reads fail fast
  });

  it('inventory slow: the read answers within the timeout with availability null', async () => {
    const catalog = catalogClient({ readTtlMs: 0 }); // every read goes upstream
    await catalog.list(); // warm the cache, so only inventory is on the path
    stub.state.inventory = 'slow';
    const { result, ms } = await timed(() => catalog.list());
    expect(result).toMatchObject({
      degraded: true,
      items: [
        { id: 'p-1', availability: null },
        { id: 'p-2', availability: null },
      ],
    });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(ms).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('on a cache miss the products and inventory calls run side by side: still within one timeout', async () => {
    const catalog = catalogClient();
    stub.state.inventory = 'slow';
    const { result, ms } = await timed(() => catalog.list());
    expect(result.degraded).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('a product missing from the catalog is undefined (404) whatever inventory does', async () => {
    stub.state.inventory = 'down';
    expect(await catalogClient().get('p-9')).toBeUndefined();
  });
});

describe('GET /api/products routes', () => {
  let gateway: http.Server;
  let gw: string;
  beforeEach(async () => {
    const app = new Koa();
    app.use(errorHandler(pino({ level: 'silent' })));
    const router = productRoutes({ catalog: catalogClient() });
    app.use(router.routes()).use(router.allowedMethods());
    gateway = http.createServer(app.callback());
    gw = await listenLocal(gateway);
  });
  afterEach(() => closeServer(gateway));
  const get = async (path: string) => {
    const res = await fetch(gw + path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('lists the catalog without a degraded marker when inventory answers', async () => {
    const res = await get('/api/products');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        { ...stub.state.products[0], availability: 7 },
        { ...stub.state.products[1], availability: 0 },
      ],
    });
  });

  it('answers 200 with degraded: true and null availability when inventory is down', async () => {
    stub.state.inventory = 'down';
    const list = await get('/api/products');
    expect(list).toEqual({
      status: 200,
      body: { items: stub.state.products.map((p) => ({ ...p, availability: null })), degraded: true },
    });
    const one = await get('/api/products/p-1');
    expect(one).toEqual({ status: 200, body: { ...stub.state.products[0], availability: null, degraded: true } });
  });

  it('answers one product with its availability', async () => {
    expect(await get('/api/products/p-1')).toEqual({
      status: 200,
      body: { ...stub.state.products[0], availability: 7 },
    });
  });

  it('answers 404 PRODUCT_NOT_FOUND for an unknown or malformed id, without a service call for a malformed one', async () => {
    expect(await get('/api/products/p-9')).toMatchObject({
      status: 404,
      body: { error: { code: 'PRODUCT_NOT_FOUND' } },
    });
    const requests = stub.state.productRequests + stub.state.stockRequests;
    for (const id of ['a%20b', 'x'.repeat(65), '%C3%A9t%C3%A9', 'a.b']) {
      expect(await get(`/api/products/${id}`)).toMatchObject({
        status: 404,
        body: { error: { code: 'PRODUCT_NOT_FOUND' } },
      });
    }
    expect(stub.state.productRequests + stub.state.stockRequests).toBe(requests);
  });

  it('refuses query parameters with 400 VALIDATION_FAILED', async () => {
    expect(await get('/api/products?page=2')).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await get('/api/products/p-1?x=1')).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
  });

  it('answers 503 SERVICE_UNAVAILABLE when the products service is down and nothing is cached', async () => {
    stub.server.closeAllConnections();
    await new Promise((resolve) => stub.server.close(resolve));
    expect(await get('/api/products')).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
    await new Promise<void>((resolve) => stub.server.listen(Number(new URL(base).port), '127.0.0.1', resolve)); // for afterEach
  });
});
