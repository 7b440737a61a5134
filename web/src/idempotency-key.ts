// One Idempotency-Key per cart the customer tries to check out: a retry after a lost answer (or a second click) names
// the same order, and a changed cart gets a new key (the gateway refuses one key with two bodies).
import type { OrderItemInput } from '../../contracts/orders';

const KEY = 'durable-shop.checkout-key';

/** A random key: crypto.randomUUID where the page is a secure context, else 128 random bits in hex. */
function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const fingerprint = (lines: OrderItemInput[], paymentToken: string) =>
  JSON.stringify([lines.map((l) => [l.productId, l.quantity]), paymentToken]);

/** The key of this checkout: the same for the same cart and payment until `checkoutDone`. */
export function checkoutKey(lines: OrderItemInput[], paymentToken: string): string {
  const print = fingerprint(lines, paymentToken);
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { print: string; key: string } | null;
    if (saved?.print === print) return saved.key;
  } catch {
    // a broken entry is replaced
  }
  const key = `storefront-${randomKey()}`;
  sessionStorage.setItem(KEY, JSON.stringify({ print, key }));
  return key;
}

/** Forgets the key once its order is placed: the next checkout is a new order. */
export const checkoutDone = (): void => sessionStorage.removeItem(KEY);
