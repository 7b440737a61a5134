/** Stable `ApplicationFailure.type` strings: match on these, never on classes (instanceof breaks across sandboxes). */
export const ErrorTypes = {
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_UNAVAILABLE: 'PAYMENT_UNAVAILABLE',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  /** The `placed` update's validator: the Idempotency-Key of this order came with another request body. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;

/** One of the stable error type strings. */
export type ErrorType = (typeof ErrorTypes)[keyof typeof ErrorTypes];
