// The storefront's static assets (built by `npm run build` into dist/web/), served at `/` and `/assets/*` with a strict
// Content-Security-Policy. Every other path, `/api/*` included, goes on untouched to the routes.
import path from 'node:path';
import { send } from '@koa/send';
import type { Context, Next } from 'koa';
import { BUILD_DIR } from '../lib/config';

/** Where `npm run build` writes the storefront (scripts/build-storefront.ts). */
export const STOREFRONT_DIR = path.join(BUILD_DIR, 'web');

/** The page's own origin only: no inline script or style, no third-party host, no framing, no plugin, no string-to-script sink. */
export const STOREFRONT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Headers of every storefront answer (the page and its assets). */
export const STOREFRONT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': STOREFRONT_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Assets are named by their content hash (`app-<hash>.js`): a year, immutable. The page itself is checked every time. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

const ASSETS = '/assets/';

/**
 * The file `pathname` names, or undefined when it is not the storefront's: `/` is the page (index.html), `/assets/<file>`
 * a file of the assets folder (looked up under that folder, so no spelling of the path reaches any other file).
 */
function storefrontFile(
  pathname: string | null | undefined,
): { dir: string; file: string; asset: boolean } | undefined {
  if (pathname === '/') return { dir: '', file: 'index.html', asset: false };
  if (pathname?.startsWith(ASSETS) && pathname.length > ASSETS.length)
    return { dir: 'assets', file: pathname.slice(ASSETS.length), asset: true };
  return undefined;
}

/**
 * Serves GET and HEAD of `/` (index.html) and `/assets/*` from `root`; a file that is not there (or a path `@koa/send`
 * refuses: hidden, outside the root, undecodable) goes on to the next middleware, which answers the gateway's 404.
 */
export function storefront(root: string = STOREFRONT_DIR) {
  return async function serveStorefront(ctx: Context, next: Next): Promise<unknown> {
    const target = ctx.method === 'GET' || ctx.method === 'HEAD' ? storefrontFile(ctx.path) : undefined;
    if (!target) return next();
    let served: string | undefined;
    try {
      served = await send(ctx, target.file, {
        root: path.join(root, target.dir),
        hidden: false,
        index: false,
        gzip: false,
        brotli: false,
        maxage: target.asset ? ASSET_MAX_AGE_MS : 0,
        immutable: target.asset,
        setHeaders: (res) => {
          for (const [name, value] of Object.entries(STOREFRONT_HEADERS)) res.setHeader(name, value);
          if (!target.asset) res.setHeader('Cache-Control', 'no-cache');
        },
      });
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === undefined || status >= 500) throw err;
    }
    return served ? undefined : next();
  };
}
