import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Koa from 'koa';
import pino from 'pino';
import { errorHandler } from './middleware/error-handler';
import { STOREFRONT_CSP, storefront } from './storefront';
import { closeServer, listenLocal, rawRequest } from '../test/support/local-server';

let root: string;
let server: http.Server;
let base: string;

/** A gateway edge in miniature: the error middleware, the storefront, and one `/api` route after it. */
async function serve(dir: string) {
  const app = new Koa();
  app.on('error', () => undefined); // as the gateway: errors are answered (and logged) by errorHandler
  app.use(errorHandler(pino({ level: 'silent' })));
  app.use(storefront(dir));
  app.use(async (ctx, next) => {
    if (ctx.path !== '/api/products') return next();
    ctx.body = { items: [] };
  });
  server = http.createServer(app.callback());
  base = await listenLocal(server);
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'storefront-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(path.join(root, 'assets', 'main-ABC123.js'), 'console.log(1);');
  writeFileSync(path.join(root, 'assets', 'shop-ABC123.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', '.hidden'), 'secret');
  writeFileSync(path.join(root, 'outside.txt'), 'not an asset');
  await serve(root);
});

afterEach(async () => {
  await closeServer(server);
  rmSync(root, { recursive: true, force: true });
});

describe('storefront', () => {
  it('serves the page at / with the CSP and security headers, checked again on every visit', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>shop</title>');
    expect(res.headers.get('content-security-policy')).toBe(STOREFRONT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('has a CSP that allows the page own origin only, and no inline script', () => {
    const directives = Object.fromEntries(
      STOREFRONT_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
    });
    expect(STOREFRONT_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('serves hashed assets for a year, immutable, with their type', async () => {
    const js = await fetch(`${base}/assets/main-ABC123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('max-age=31536000,immutable');
    expect(js.headers.get('content-security-policy')).toBe(STOREFRONT_CSP);
    expect(await js.text()).toBe('console.log(1);');
    const css = await fetch(`${base}/assets/shop-ABC123.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toBe('body{}');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await fetch(`${base}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(STOREFRONT_CSP);
    expect(await res.text()).toBe('');
  });

  it.each([
    ['GET', '/assets/missing.js'],
    ['GET', '/assets/.hidden'],
    ['GET', '/index.html'],
    ['GET', '/outside.txt'],
    ['GET', '/assets/'],
    ['POST', '/'],
  ])('leaves %s %s to the gateway (its JSON 404)', async (method, target) => {
    const res = await fetch(base + target, { method });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it.each(['/assets/../outside.txt', '/assets/%2e%2e/outside.txt', '/assets/..%2foutside.txt', '/assets/%ff.js'])(
    'never serves a file outside assets/ (%s), nor fails with a 5xx',
    async (target) => {
      const res = await rawRequest(base, [`GET ${target} HTTP/1.1`]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toContain('not an asset');
    },
  );

  it('leaves /api untouched', async () => {
    const res = await fetch(`${base}/api/products`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('answers 404 at / when the storefront is not built', async () => {
    await closeServer(server);
    await serve(path.join(root, 'not-built'));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(404);
  });
});
