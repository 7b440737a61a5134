import { PAYMENT_TEST_TOKENS, type OrderItemInput } from '../../contracts';
import type { SeededRandom } from './random';

/** The payment test tokens the clients use, with how often each is drawn. */
export const TOKEN_WEIGHTS = {
  [PAYMENT_TEST_TOKENS.ok]: 45,
  [PAYMENT_TEST_TOKENS.flaky]: 20,
  [PAYMENT_TEST_TOKENS.decline]: 15,
  [PAYMENT_TEST_TOKENS.refundFlaky]: 20,
} as const;
/** One of the payment test tokens of the mix. */
export type PaymentToken = keyof typeof TOKEN_WEIGHTS;

/** A product the plan may order: its price and the stock it can take from. */
export interface PlannableProduct {
  id: string;
  priceCents: number;
  available: number;
}

/** One order a client will place. */
export interface PlannedOrder {
  index: number;
  /** Index of the customer (client) that places it. */
  customer: number;
  idempotencyKey: string;
  items: OrderItemInput[];
  paymentToken: PaymentToken;
  totalCents: number;
  /** When it is released, in ms from the start of the placement window. */
  releaseAtMs: number;
  /** Cancelled by its customer this long after it was accepted. */
  cancelAfterMs?: number;
  /** Shipped (by the `ship` signal) once CONFIRMED. */
  ship: boolean;
}

/** What the order plan depends on. */
export interface OrderPlanInput {
  count: number;
  customers: number;
  products: PlannableProduct[];
  /** Orders at or above this total wait for an operator: every planned order stays below it. */
  approvalThresholdCents: number;
  windowMs: number;
  cancelRatio: number;
  shipRatio: number;
  runId: string;
  random: SeededRandom;
}

/** Share of a product's available stock the plan may use at most, so stock lasts whatever the outcomes. */
const STOCK_SHARE = 0.8;
/** Products tried: the ones with the most stock. */
const MAX_PRODUCTS = 4;

/** Products the plan may order, most stock first: priced so that two lines of two units stay below the threshold. */
const orderable = (input: Pick<OrderPlanInput, 'products' | 'approvalThresholdCents'>) =>
  input.products
    .filter((p) => p.priceCents * 4 < input.approvalThresholdCents)
    .sort((a, b) => b.available - a.available || a.id.localeCompare(b.id));

/** Stock each product of a `count`-order plan should have: enough, within STOCK_SHARE, for 2 units of every order. */
export const stockTarget = (count: number): number => Math.max(10, Math.ceil((2 * count) / STOCK_SHARE));

/** Units to add to a product before planning. */
export interface RestockNeed {
  productId: string;
  quantity: number;
}

/**
 * What to restock before planning `count` orders: each of the MAX_PRODUCTS orderable products with the most stock (the
 * ones planOrders picks, still the top ones once topped up) up to stockTarget(count). Empty when they hold it already.
 */
export function restockNeeds(
  input: Pick<OrderPlanInput, 'count' | 'products' | 'approvalThresholdCents'>,
): RestockNeed[] {
  const target = stockTarget(input.count);
  return orderable(input)
    .slice(0, MAX_PRODUCTS)
    .filter((p) => p.available < target)
    .map((p) => ({ productId: p.id, quantity: target - p.available }));
}

/**
 * Plans `count` orders spread evenly over the window and round-robin over the customers: one or two of the products with
 * the most stock, 1-2 units each, within STOCK_SHARE of each product's stock, every total below the approval threshold;
 * tokens drawn from TOKEN_WEIGHTS. Throws when the stock cannot carry the run (restockNeeds says what to add first).
 */
export function planOrders(input: OrderPlanInput): PlannedOrder[] {
  const { random } = input;
  const candidates = orderable(input)
    .filter((p) => p.available >= 10)
    .slice(0, MAX_PRODUCTS);
  const budget = new Map(candidates.map((p) => [p.id, Math.floor(p.available * STOCK_SHARE)]));
  const orders: PlannedOrder[] = [];
  for (let index = 0; index < input.count; index++) {
    const usable = candidates.filter((p) => (budget.get(p.id) ?? 0) >= 2);
    if (usable.length === 0) {
      throw new Error(
        `not enough stock for ${input.count} orders: ran out after ${index} (plan more stock or fewer --orders)`,
      );
    }
    const lineCount = usable.length > 1 && random.chance(0.35) ? 2 : 1;
    const chosen: PlannableProduct[] = [];
    for (let l = 0; l < lineCount; l++) {
      const left = usable.filter((p) => !chosen.includes(p));
      chosen.push(left[random.weightedIndex(left.map((p) => budget.get(p.id)!))]!);
    }
    const items = chosen.map((p) => ({ productId: p.id, quantity: random.int(1, 2) }));
    for (const item of items) budget.set(item.productId, budget.get(item.productId)! - item.quantity);
    const cancel = random.chance(input.cancelRatio);
    orders.push({
      index,
      customer: index % input.customers,
      idempotencyKey: `chaos-${input.runId}-${index}`,
      items,
      paymentToken: random.weighted(TOKEN_WEIGHTS),
      totalCents: items.reduce((sum, l) => sum + l.quantity * chosen.find((p) => p.id === l.productId)!.priceCents, 0),
      releaseAtMs: Math.round((index * input.windowMs) / input.count),
      ...(cancel ? { cancelAfterMs: random.int(0, 4_000) } : {}),
      ship: !cancel && random.chance(input.shipRatio),
    });
  }
  return orders;
}
