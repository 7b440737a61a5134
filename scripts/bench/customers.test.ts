import { CustomerPool, heed, ordersWindow, type BenchCustomer } from './customers';
import { SlidingWindow } from './pacer';

describe('heed', () => {
  const now = 1_000_000;

  it("blocks for a 429's Retry-After, at least a second and a quarter (the header is rounded down)", () => {
    const w = new SlidingWindow(10, 60_000);
    heed(w, { status: 429, body: {}, retryAfterS: 30 }, now);
    expect(w.waitMs(now)).toBe(30_250);
    const soon = new SlidingWindow(10, 60_000);
    heed(soon, { status: 429, body: {}, retryAfterS: 0 }, now);
    expect(soon.waitMs(now)).toBe(1_250);
  });

  it('blocks until the reset when the answer says none is left, and not otherwise', () => {
    const w = new SlidingWindow(10, 60_000);
    heed(w, { status: 201, body: {}, rateLimit: { remaining: 3, resetS: 40 } }, now);
    expect(w.waitMs(now)).toBe(0);
    heed(w, { status: 201, body: {}, rateLimit: { remaining: 0, resetS: 40 } }, now);
    expect(w.waitMs(now)).toBe(40_250);
  });
});

describe('ordersWindow', () => {
  it('stays two under the order limit (and under the /api limit when that is lower)', () => {
    expect(ordersWindow({ perMinute: 300, ordersPerMinute: 30, loginPerMinute: 10 }).limit).toBe(28);
    expect(ordersWindow({ perMinute: 5, ordersPerMinute: 30, loginPerMinute: 10 }).limit).toBe(3);
  });
});

describe('CustomerPool', () => {
  const customer = (email: string, limit = 28): BenchCustomer => ({
    email,
    authorization: `Bearer ${email}`,
    orders: new SlidingWindow(limit, 60_000),
    lastUsed: 0,
  });

  it('rotates over the customers, least recently used first, counting each order in its window', async () => {
    const pool = new CustomerPool([customer('a'), customer('b'), customer('c')]);
    const taken: string[] = [];
    for (let i = 0; i < 6; i++) {
      taken.push((await pool.take()).email);
      await new Promise((r) => setTimeout(r, 2)); // distinct lastUsed times
    }
    expect(taken).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(pool.customers.map((c) => c.orders.used(Date.now()))).toEqual([2, 2, 2]);
    expect(pool.pacing.waits).toBe(0);
  });

  it('skips a customer at its limit', async () => {
    const full = customer('full', 1);
    full.orders.record(Date.now());
    const pool = new CustomerPool([full, customer('free')]);
    expect((await pool.take()).email).toBe('free');
  });

  it('refuses to be empty', () => {
    expect(() => new CustomerPool([])).toThrow(/empty/);
  });
});
