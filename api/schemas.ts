import { z } from 'zod';
import { chars, Email, text } from '../contracts/request-schemas';

export { chars, Email, text };

// The request schemas the routes validate with, and that api/openapi/document.ts turns into JSON Schema (z.toJSONSchema),
// so the document is exactly as tight as the checks behind it.

/** A product id: anything else cannot be in the catalog. */
export const ProductId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a product id');

/** An order id (32 lowercase hex characters, derived from customer + Idempotency-Key). */
export const OrderId = z.string().regex(/^[a-f0-9]{32}$/, 'an order id');

/** The `Idempotency-Key` header of `POST /api/orders`: 1 to 200 printable ASCII characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1-200 printable ASCII characters');

/**
 * The `cursor` of `GET /api/orders` (a page's `nextCursor`): `<createdAt in ms since 1970>_<orderId>`, the keyset
 * position after which the next page starts. Any value of this shape is a position (up to 14 digits: before the year
 * 5000), so none is refused once it matches.
 */
export const OrdersCursor = z.string().regex(/^[0-9]{1,14}_[a-f0-9]{32}$/, 'a nextCursor of this API');

/** The `limit` of `GET /api/orders`: a page size from 1 to 100, as written in a query string. */
export const PageSize = z
  .string()
  .regex(/^(?:[1-9][0-9]?|100)$/, 'a whole number from 1 to 100')
  .transform(Number);
