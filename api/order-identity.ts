import { createHash } from 'node:crypto';

/** The order id of a (customer, Idempotency-Key) pair: the same pair always names the same order and workflow. */
export function deriveOrderId(customerId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${customerId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

/** Hash of a request body in a canonical form (sorted keys), to tell a replay from a different request under the same key. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}
