// The cart: product ids and quantities, kept in this browser (prices always come from the catalog and the order).
import type { OrderItemInput } from '../../contracts/orders';

/** Most units of one product an order takes (`PlaceOrderBody`). */
export const MAX_QUANTITY = 100;

const KEY = 'durable-shop.cart';
const listeners = new Set<() => void>();

const valid = (line: OrderItemInput) =>
  typeof line.productId === 'string' && Number.isInteger(line.quantity) && line.quantity >= 1;

/** The cart's lines, in the order they were added. */
export function cartLines(): OrderItemInput[] {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '[]') as OrderItemInput[];
    return Array.isArray(saved) ? saved.filter(valid) : [];
  } catch {
    return [];
  }
}

/** How many units the cart holds. */
export const cartCount = (): number => cartLines().reduce((sum, line) => sum + line.quantity, 0);

/** Units of `productId` in the cart. */
export const quantityInCart = (productId: string): number =>
  cartLines().find((line) => line.productId === productId)?.quantity ?? 0;

function save(lines: OrderItemInput[]) {
  localStorage.setItem(KEY, JSON.stringify(lines.filter((line) => line.quantity > 0)));
  for (const listener of listeners) listener();
}

/** Sets the quantity of `productId` (0 removes it), within 0..MAX_QUANTITY. */
export function setQuantity(productId: string, quantity: number): void {
  const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.floor(quantity)));
  const lines = cartLines();
  const line = lines.find((l) => l.productId === productId);
  if (line) line.quantity = clamped;
  else lines.push({ productId, quantity: clamped });
  save(lines);
}

/** Adds one unit of `productId`. */
export const addToCart = (productId: string): void => setQuantity(productId, quantityInCart(productId) + 1);

/** Empties the cart (after an order is placed). */
export const clearCart = (): void => save([]);

/** Calls `listener` whenever the cart changes (in this tab or another), until `signal` aborts. */
export function onCartChange(listener: () => void, signal?: AbortSignal): void {
  listeners.add(listener);
  signal?.addEventListener('abort', () => listeners.delete(listener), { once: true });
}

window.addEventListener('storage', (event) => {
  if (event.key === KEY) for (const listener of listeners) listener();
});
