// The storefront in a real browser (Debian's chromium driven by playwright-core) against the test stack's gateway:
// sign up, shop, check out, follow the order live over the SSE stream, a declined payment, cancel, order history.
// Screenshots of every page, at phone and desktop sizes, are kept under .data/test-results/storefront/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { OrderDto } from '../../contracts';
import { PROJECT_ROOT } from '../../lib/config';
import { chromiumBinary } from '../support/chromium';
import { gatewayUrl } from '../support/http';
import { newCustomer, placeOrder, signal, temporalClient, waitForStatus, type Customer } from '../support/orders';

/** Where the screenshots go: the test output folder `npm test` keeps. */
export const SCREENSHOTS_DIR = path.join(PROJECT_ROOT, '.data', 'test-results', 'storefront');

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;
type Viewport = keyof typeof VIEWPORTS;

const MUG = 'sku-ceramic-mug';
const FILTERS = 'sku-paper-filters';
/** Live updates must reach the page well within this (the saga confirms a tok_ok order in a second or two). */
const LIVE_TIMEOUT_MS = 60_000;

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  browser = await chromium.launch({
    executablePath: chromiumBinary((line) => process.stdout.write(`${line}\n`)),
    args: ['--hide-scrollbars'], // screenshots at phone width from a desktop window show the page, not a scrollbar
  });
}, 900_000); // a machine without chromium installs Debian's package first

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await (await temporalClient()).connection.close();
});

/** What a page did that the storefront must never do: a request to another host, a CSP violation, a script error. */
interface Watch {
  foreignRequests: string[];
  problems: string[];
}

/** A fresh browser (no session, empty cart) at `viewport`, watched for foreign requests, CSP violations and errors. */
async function openShop(viewport: Viewport): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
    deviceScaleFactor: 1,
  });
  contexts.push(context);
  const page = await context.newPage();
  const origin = new URL(gatewayUrl()).origin;
  const watch: Watch = { foreignRequests: [], problems: [] };
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) watch.foreignRequests.push(url);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) watch.problems.push(msg.text());
  });
  page.on('pageerror', (err) => watch.problems.push(err.message));
  return { page, watch };
}

/** A browser already signed in as `customer` (the session the sign-in page would keep). */
async function openShopAs(customer: Customer, viewport: Viewport) {
  const shop = await openShop(viewport);
  const session = JSON.stringify({ token: customer.token, email: customer.email, expiresAt: Date.now() + 3_600_000 });
  await shop.page.addInitScript(`localStorage.setItem('durable-shop.session', ${JSON.stringify(session)});`);
  return shop;
}

/** Screenshots the whole page as `<name>-<viewport>.png` at each size (the layout answers the width). */
async function snap(page: Page, name: string, sizes: Viewport[] = ['phone', 'desktop']) {
  const before = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(VIEWPORTS[size]);
    await page.evaluate('window.scrollTo(0, 0)'); // a sticky header stays at the top of a full-page screenshot
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-${size}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Marks the document: the mark survives every hash navigation and is gone after a reload. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(globalThis, { storefrontTestMark: true }));
const documentMarked = (page: Page) =>
  page.evaluate(() => (globalThis as { storefrontTestMark?: boolean }).storefrontTestMark === true);

const card = (page: Page, productId: string) => page.locator(`[data-product-id="${productId}"]`);
const orderStatus = (page: Page) => page.locator('.order-status-head [data-order-status]');

/** Signs up a new customer through the page it is on (the sign-up form), and waits to be signed in. */
async function signUp(page: Page): Promise<string> {
  const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
  await page.getByLabel('Full name').fill('Sam Shopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return email;
}

function expectClean(watch: Watch) {
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.problems).toEqual([]);
}

describe('storefront', () => {
  it('sign up, add two products, check out with tok_ok, and watch the order reach CONFIRMED, then SHIPPED, live', async () => {
    const { page, watch } = await openShop('desktop');
    const home = await page.goto(gatewayUrl());
    expect(home?.headers()['content-security-policy']).toContain("default-src 'self'");
    await card(page, MUG).waitFor();
    await expect(page.locator('.product-card').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(card(page, MUG).locator('.price').textContent()).resolves.toBe('$12.00');
    await expect(card(page, MUG).locator('.badge').textContent()).resolves.toMatch(/In stock|Only \d+ left/);
    await snap(page, '01-catalog');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await snap(page, '02-sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await snap(page, '03-sign-up');
    const email = await signUp(page);
    await expect(page.locator('.account-email').textContent()).resolves.toBe(email);

    await card(page, MUG).getByRole('button', { name: 'Add to cart' }).click();
    await card(page, FILTERS).getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.locator('.cart-count').textContent()).resolves.toBe('2');
    await page.getByRole('link', { name: /^Cart, 2 items/ }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await expect(page.getByTestId('cart-total').textContent()).resolves.toBe('$18.00');
    await page.getByLabel('Payment (test tokens)').selectOption('tok_ok');
    await expect(page.locator('#payment-token-hint').textContent()).resolves.toContain('approved');
    await snap(page, '04-cart-checkout');

    // From here on the page is never reloaded: the order page reads the order once and hears the rest on the stream.
    await markDocument(page);
    const orderReads: string[] = [];
    const streams: { url: string; authorization?: string }[] = [];
    page.on('request', (req) => {
      const { pathname } = new URL(req.url());
      if (/^\/api\/orders\/[a-f0-9]{32}$/.test(pathname)) orderReads.push(pathname);
      if (/^\/api\/orders\/[a-f0-9]{32}\/stream$/.test(pathname))
        streams.push({ url: req.url(), authorization: req.headers().authorization });
    });
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.waitForURL(/#\/orders\/[a-f0-9]{32}$/);
    await orderStatus(page).waitFor();
    await snap(page, '05-order-placed', ['desktop']);
    await page.locator('.order-status-head [data-order-status="CONFIRMED"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await documentMarked(page)).toBe(true);
    expect(orderReads).toHaveLength(1);
    expect(streams.length).toBeGreaterThanOrEqual(1);
    for (const stream of streams) {
      expect(stream.authorization).toMatch(/^Bearer /); // the token travels in the header, never in the URL
      expect(stream.url).not.toContain('token');
    }
    await expect(page.locator('.live').getAttribute('data-stream')).resolves.toBe('live');
    await expect(page.locator('.timeline-step[data-state="done"]').allTextContents()).resolves.toEqual([
      expect.stringContaining('Order placed'),
      expect.stringContaining('Payment received'),
    ]);
    await expect(page.locator('.order-line').count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: 'Cancel order', exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.cart-count').textContent()).resolves.toBe('0');
    await snap(page, '06-order-confirmed');

    // The warehouse ships it (the operator's signal, as in order-operators.test.ts): the page hears that too, and the
    // stream ends with the final status.
    const orderId = new URL(page.url()).hash.split('/').pop() ?? '';
    await signal(orderId, 'ship', { trackingNumber: 'TRK-STOREFRONT-1' });
    await page.locator('.order-status-head [data-order-status="SHIPPED"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await expect(page.locator('.timeline-step').last().textContent()).resolves.toContain('TRK-STOREFRONT-1');
    await expect(page.locator('.live').getAttribute('data-stream')).resolves.toBe('ended');
    await expect(page.getByRole('button', { name: 'Cancel order', exact: true }).count()).resolves.toBe(0);
    expect(await documentMarked(page)).toBe(true);
    expect(orderReads).toHaveLength(1);
    await snap(page, '06b-order-shipped');
    expectClean(watch);
  });

  it('a tok_decline order shows its failure reason', async () => {
    const { page, watch } = await openShop('phone');
    await page.goto(gatewayUrl());
    await card(page, MUG).getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
    await page.getByRole('link', { name: 'Sign in to check out' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await signUp(page);
    await page.getByRole('heading', { name: 'Your cart' }).waitFor(); // back where the customer was
    await page.getByLabel('Payment (test tokens)').selectOption('tok_decline');
    await expect(page.locator('#payment-token-hint').textContent()).resolves.toContain('declines');
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.waitForURL(/#\/orders\/[a-f0-9]{32}$/);
    await page.locator('.order-status-head [data-order-status="FAILED"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    const reason = page.locator('[data-failure-reason="PAYMENT_DECLINED"]');
    await expect(reason.textContent()).resolves.toContain('Payment declined');
    await expect(page.locator('.timeline-step[data-state="stopped"]').textContent()).resolves.toContain(
      'Failed: Payment declined',
    );
    await expect(page.getByRole('button', { name: 'Cancel order', exact: true }).count()).resolves.toBe(0);
    await expect(page.locator('.live').getAttribute('data-stream')).resolves.toBe('ended');
    await snap(page, '07-order-failed');
    expectClean(watch);
  });

  it('cancel a confirmed order', async () => {
    const customer = await newCustomer();
    const placed = await placeOrder(customer, `storefront-${randomUUID()}`, {
      items: [{ productId: FILTERS, quantity: 3 }],
      paymentToken: 'tok_ok',
    });
    expect(placed.status).toBe(201);
    const orderId = (placed.body as unknown as OrderDto).orderId;
    await waitForStatus(customer, orderId, 'CONFIRMED');

    const { page, watch } = await openShopAs(customer, 'phone');
    await page.goto(`${gatewayUrl()}/#/orders/${orderId}`);
    await page.locator('.order-status-head [data-order-status="CONFIRMED"]').waitFor();
    await markDocument(page);
    await page.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await snap(page, '08-order-cancel-confirm', ['phone']);
    await page.getByRole('button', { name: 'Yes, cancel order' }).click();
    await page.locator('.order-status-head [data-order-status="CANCELLED"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await documentMarked(page)).toBe(true);
    await expect(page.locator('[data-failure-reason="CUSTOMER_CANCELLED"]').textContent()).resolves.toContain(
      'refunded',
    );
    await expect(page.getByRole('button', { name: 'Cancel order', exact: true }).count()).resolves.toBe(0);
    await snap(page, '09-order-cancelled');
    await waitForStatus(customer, orderId, 'CANCELLED'); // the API agrees with the page
    expectClean(watch);
  });

  it('the order history lists the customer orders, newest first, and opens each', async () => {
    const customer = await newCustomer();
    const ids: string[] = [];
    for (const paymentToken of ['tok_ok', 'tok_decline']) {
      const res = await placeOrder(customer, `storefront-${randomUUID()}`, {
        items: [{ productId: MUG, quantity: 1 }],
        paymentToken,
      });
      ids.push((res.body as unknown as OrderDto).orderId);
    }
    await waitForStatus(customer, ids[0], 'CONFIRMED');
    await waitForStatus(customer, ids[1], 'FAILED');

    const { page, watch } = await openShopAs(customer, 'desktop');
    await page.goto(`${gatewayUrl()}/#/orders`);
    await page.locator('.order-row').first().waitFor();
    const rows = page.locator('.order-row');
    await expect(Promise.all([0, 1].map((i) => rows.nth(i).getAttribute('data-order-id')))).resolves.toEqual([
      ids[1],
      ids[0],
    ]);
    await expect(page.locator('.order-row [data-order-status]').allTextContents()).resolves.toEqual([
      'Failed',
      'Confirmed',
    ]);
    await snap(page, '10-order-history');
    await page.locator(`[data-order-id="${ids[0]}"] a`).click();
    await page.waitForURL(new RegExp(`#/orders/${ids[0]}$`));
    await page.locator('.order-status-head [data-order-status="CONFIRMED"]').waitFor();
    expectClean(watch);
  });
});
