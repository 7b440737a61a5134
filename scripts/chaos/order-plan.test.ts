import { SEED_PRODUCTS } from '../../contracts';
import { planOrders, restockNeeds, stockTarget, TOKEN_WEIGHTS, type OrderPlanInput } from './order-plan';
import { SeededRandom } from './random';

const input = (over: Partial<OrderPlanInput> = {}): OrderPlanInput => ({
  count: 200,
  customers: 8,
  approvalThresholdCents: 100_000,
  windowMs: 100_000,
  cancelRatio: 0.15,
  shipRatio: 0.2,
  runId: 'r1',
  products: SEED_PRODUCTS.map((p) => ({ id: p.id, priceCents: p.priceCents, available: p.initialStock })),
  random: new SeededRandom(1),
  ...over,
});

describe('planOrders', () => {
  it('keeps every order below the approval threshold and within the stock of the products with the most of it', () => {
    const plan = planOrders(input());
    expect(plan).toHaveLength(200);
    const price = new Map(SEED_PRODUCTS.map((p) => [p.id, p.priceCents]));
    const used = new Map<string, number>();
    for (const o of plan) {
      expect(o.totalCents).toBe(o.items.reduce((s, i) => s + i.quantity * price.get(i.productId)!, 0));
      expect(o.totalCents).toBeLessThan(100_000);
      expect(new Set(o.items.map((i) => i.productId)).size).toBe(o.items.length);
      for (const i of o.items) used.set(i.productId, (used.get(i.productId) ?? 0) + i.quantity);
    }
    for (const [id, n] of used)
      expect(n).toBeLessThanOrEqual(SEED_PRODUCTS.find((p) => p.id === id)!.initialStock * 0.8);
    expect([...used.keys()].sort()).toEqual([
      'sku-ceramic-mug',
      'sku-espresso-beans',
      'sku-milk-frother',
      'sku-paper-filters',
    ]);
  });

  it('mixes every payment token, spreads orders over the window and the customers, cancels and ships some', () => {
    const plan = planOrders(input());
    for (const token of Object.keys(TOKEN_WEIGHTS)) expect(plan.some((o) => o.paymentToken === token)).toBe(true);
    expect(plan[0]!.releaseAtMs).toBe(0);
    expect(plan[199]!.releaseAtMs).toBe(99_500);
    expect(new Set(plan.map((o) => o.customer))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    const cancelled = plan.filter((o) => o.cancelAfterMs !== undefined);
    expect(cancelled.length).toBeGreaterThan(10);
    expect(cancelled.every((o) => !o.ship)).toBe(true);
    expect(plan.filter((o) => o.ship).length).toBeGreaterThan(10);
    expect(new Set(plan.map((o) => o.idempotencyKey)).size).toBe(200);
  });

  it('makes the same plan from the same seed', () => {
    expect(planOrders(input({ random: new SeededRandom(9) }))).toEqual(
      planOrders(input({ random: new SeededRandom(9) })),
    );
    expect(planOrders(input({ random: new SeededRandom(9) }))).not.toEqual(
      planOrders(input({ random: new SeededRandom(10) })),
    );
  });

  it('refuses a run the stock cannot carry, and products priced near the threshold', () => {
    expect(() => planOrders(input({ products: [{ id: 'a', priceCents: 100, available: 12 }] }))).toThrow(
      'not enough stock',
    );
    expect(() => planOrders(input({ products: [{ id: 'big', priceCents: 30_000, available: 500 }] }))).toThrow(
      'not enough stock',
    );
  });
});

describe('restockNeeds', () => {
  const restocked = (i: OrderPlanInput): OrderPlanInput => {
    const add = new Map(restockNeeds(i).map((n) => [n.productId, n.quantity]));
    return { ...i, products: i.products.map((p) => ({ ...p, available: p.available + (add.get(p.id) ?? 0) })) };
  };

  it('tops up the four orderable products with the most stock to 2 units per order within the stock share', () => {
    expect(stockTarget(40)).toBe(100);
    expect(restockNeeds(input({ count: 40 }))).toEqual([{ productId: 'sku-milk-frother', quantity: 40 }]);
    expect(restockNeeds(input({ count: 10 }))).toEqual([]); // the seeded stock carries it as it is
    const big = { id: 'big', priceCents: 30_000, available: 0 }; // above the threshold with two units: never ordered
    expect(restockNeeds(input({ count: 5, products: [big, { id: 'a', priceCents: 100, available: 3 }] }))).toEqual([
      { productId: 'a', quantity: 10 },
    ]);
  });

  it('makes a run the stock could not carry plannable, whatever the seed', () => {
    const drained = input({
      products: SEED_PRODUCTS.map((p) => ({ id: p.id, priceCents: p.priceCents, available: 2 })),
    });
    expect(() => planOrders(drained)).toThrow('not enough stock');
    for (const seed of [1, 2, 3, 4, 5]) {
      const plan = planOrders(restocked({ ...drained, random: new SeededRandom(seed) }));
      expect(plan).toHaveLength(200);
    }
    expect(restockNeeds(restocked(drained))).toEqual([]);
  });
});
