/**
 * Every `ApplicationFailure.type` the platform throws, one owner for each string: workflows, activities and the gateway
 * match on these, never on classes (instanceof breaks across sandboxes). A test fails when code throws a type not listed.
 */
export const ErrorTypes = {
  /** users: the email belongs to another registration. */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** inventory: a line asks for more than is available; details name the products. */
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** inventory: a reservation step found the reservation in a state it cannot leave that way (e.g. release after commit). */
  INVALID_RESERVATION_STATE: 'INVALID_RESERVATION_STATE',
  /** inventory: a reservation without lines or with a bad quantity (a bug in the caller). */
  INVALID_RESERVATION_LINES: 'INVALID_RESERVATION_LINES',
  /** inventory: a restock with a quantity that is not a whole number from 1 to 100000, or a `restockId` reused for another restock. */
  INVALID_RESTOCK: 'INVALID_RESTOCK',
  /** payments: the provider declined the card. */
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** payments: the provider refused the request itself (4xx other than a decline), so retrying cannot help. */
  PAYMENT_PROVIDER_REJECTED: 'PAYMENT_PROVIDER_REJECTED',
  /** products: an id not in the catalog; details list the missing ids. */
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  /** products: a price change with a bad price or change id. */
  INVALID_PRICE_CHANGE: 'INVALID_PRICE_CHANGE',
  /** products: a `changeId` reused for another change. */
  PRICE_CHANGE_CONFLICT: 'PRICE_CHANGE_CONFLICT',
  /** orders: a status change for an order with no record. */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** orders: the Idempotency-Key already belongs to another order of the customer. */
  ORDER_KEY_CONFLICT: 'ORDER_KEY_CONFLICT',
  /** orders: a status change the order's lifecycle does not allow (e.g. SHIPPED back to PENDING). */
  INVALID_ORDER_TRANSITION: 'INVALID_ORDER_TRANSITION',
  /** orderCheckout's `placed` update validator: the Idempotency-Key of this order came with another request body. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;

/** One of the stable error type strings. */
export type ErrorType = (typeof ErrorTypes)[keyof typeof ErrorTypes];
