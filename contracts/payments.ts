/** Input of a charge; `orderId` makes the business key `<orderId>:charge`. */
export interface ChargePaymentInput {
  orderId: string;
  amountCents: number;
  currency: string;
  paymentToken: string;
}

/** A charge as recorded by the payments service. */
export interface ChargeDto {
  id: string;
  orderId: string;
  providerChargeId: string;
  amountCents: number;
  currency: string;
  status: 'SUCCEEDED';
  createdAt: string;
  /** Activity attempt that produced this answer (charges only). */
  attempt?: number;
}

/** A refund as recorded by the payments service. */
export interface RefundDto {
  id: string;
  orderId: string;
  chargeId: string;
  providerRefundId: string;
  amountCents: number;
  createdAt: string;
}

/** Activities of the payments service (task queue `payments`). */
export interface PaymentsActivities {
  /** Charges once per order (idempotent under `<orderId>:charge`, also at the provider); declines fail with type PAYMENT_DECLINED. */
  chargePayment(input: ChargePaymentInput): Promise<ChargeDto>;
  /** Refunds the order's charge once (idempotent under `<orderId>:refund`); returns null when the order was never charged. */
  refundPayment(input: { orderId: string }): Promise<RefundDto | null>;
}

/** Payment test tokens understood by the provider sandbox. */
export const PAYMENT_TEST_TOKENS = {
  ok: 'tok_ok',
  decline: 'tok_decline',
  flaky: 'tok_flaky',
  unavailable: 'tok_unavailable',
  /** Approves charges; refunds of such a charge fail twice with 503 before they succeed (tests a flaky compensation). */
  refundFlaky: 'tok_refund_flaky',
} as const;
