// Pages by the location's hash (`#/cart`, `#/orders/<id>`): the gateway serves one page at `/`, so every route of the
// shop works on a reload or a shared link without the gateway knowing the shop's routes.

/** What a page is given: its path parameters, its query, and a signal aborted when the visitor leaves it. */
export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  signal: AbortSignal;
}

/** A page: renders its element at once and fills it in as its data arrives. */
export interface Page {
  title: string | ((ctx: PageContext) => string);
  render(ctx: PageContext): HTMLElement;
}

/** A route: a path pattern with `:name` parameters. */
export type Routes = [pattern: string, page: Page][];

/** Whether the hash names a page (`#/…`, or none: the shop); `#main` (the skip link) is an anchor in the page. */
const isPageHash = () => location.hash === '' || location.hash.startsWith('#/');

/** The path and query of the current hash (`#/sign-in?next=/cart` → `/sign-in`, `next=/cart`). */
export function currentLocation(): { path: string; query: URLSearchParams } {
  const hash = isPageHash() && location.hash ? location.hash.slice(1) : '/';
  const [path = '/', query = ''] = hash.split('?');
  return { path, query: new URLSearchParams(query) };
}

/** Goes to `path` (a shop path such as `/orders/abc`). */
export function navigate(path: string): void {
  location.hash = `#${path}`;
}

/** `href` of a shop path. */
export const href = (path: string): string => `#${path}`;

/** The path to come back to after signing in: the current one. */
export function here(): string {
  const { path, query } = currentLocation();
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (pattern === '/' && (path === '/' || path === '')) return {};
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

/** Renders the page of the current hash into `outlet` now and at every hash change; `notFound` for any other path. */
export function startRouter(outlet: HTMLElement, routes: Routes, notFound: Page, siteName: string): void {
  let leave: AbortController | undefined;
  let first = true;
  const show = () => {
    leave?.abort();
    leave = new AbortController();
    const { path, query } = currentLocation();
    let page = notFound;
    let params: Record<string, string> = {};
    for (const [pattern, candidate] of routes) {
      const found = match(pattern, path);
      if (found) {
        page = candidate;
        params = found;
        break;
      }
    }
    const ctx: PageContext = { params, query, signal: leave.signal };
    outlet.replaceChildren(page.render(ctx));
    const title = typeof page.title === 'function' ? page.title(ctx) : page.title;
    document.title = `${title} · ${siteName}`;
    if (!first) {
      window.scrollTo(0, 0);
      outlet.focus({ preventScroll: true }); // screen readers start at the new page, not at the link clicked
    }
    first = false;
  };
  window.addEventListener('hashchange', () => {
    if (isPageHash()) show();
  });
  show();
}
