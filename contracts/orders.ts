/** Public order statuses (README, "Placing orders: the checkout saga"). */
export const ORDER_STATUSES = ['PENDING', 'AWAITING_APPROVAL', 'CONFIRMED', 'SHIPPED', 'CANCELLED', 'FAILED'] as const;
/** One of the public order statuses. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Why an order ended FAILED or CANCELLED. */
export const FAILURE_REASONS = [
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'PAYMENT_UNAVAILABLE',
  'APPROVAL_TIMEOUT',
  'REJECTED',
  'CUSTOMER_CANCELLED',
] as const;
/** One of the failure reasons. */
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Statuses from which no signal changes the order any more. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['SHIPPED', 'CANCELLED', 'FAILED'];

/** A line as the customer sends it. */
export interface OrderItemInput {
  productId: string;
  quantity: number;
}

/** A line priced from the catalog. */
export interface OrderLine extends OrderItemInput {
  unitPriceCents: number;
}

/** The order as `GET /api/orders/:id` returns it, read from the orders database. */
export interface OrderDto {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  failureReason?: FailureReason;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  trackingNumber?: string;
  createdAt: string;
  updatedAt: string;
}

/** Knobs of one checkout, fixed at start (recorded in history, so replay sees the same values). */
export interface CheckoutSettings {
  /** Orders at or above this total wait for approval. */
  approvalThresholdCents: number;
  /** How long to wait for approve/reject, in ms. */
  approvalTimeoutMs: number;
  /** Time budget of the charge step (schedule-to-close), in ms; past it the order fails PAYMENT_UNAVAILABLE. */
  chargeBudgetMs: number;
}

/** Input of the `orderCheckout` workflow. */
export interface OrderCheckoutInput {
  orderId: string;
  customerId: string;
  idempotencyKey: string;
  /** sha256 of the canonical request body: the same key with another body is refused. */
  requestHash: string;
  items: OrderItemInput[];
  paymentToken: string;
  requestId?: string;
  settings: CheckoutSettings;
}

/** Saga steps as the `status` query reports them. */
export const CHECKOUT_STEPS = ['price', 'reserve', 'approval', 'charge', 'confirm', 'fulfil'] as const;
/** One saga step. */
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

/** State of one step: attempts is the activity attempt that finished it (Temporal retries inside one step). */
export interface StepState {
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'compensated';
  attempts: number;
  error?: string;
}

/** Answer of the `status` query. */
export interface OrderStatusView {
  orderId: string;
  status: OrderStatus;
  failureReason?: FailureReason;
  totalCents?: number;
  steps: Record<CheckoutStep, StepState>;
  compensations: { name: string; state: 'pending' | 'done' }[];
}

/** Input of the orders service's record activities. */
export interface CreateOrderInput {
  orderId: string;
  customerId: string;
  idempotencyKey: string;
  requestHash: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
}

/** A status change of the order record. */
export interface SetOrderStatusInput {
  orderId: string;
  status: OrderStatus;
  failureReason?: FailureReason;
  trackingNumber?: string;
}

/** The order record as the orders service stores it, with the hash that guards the Idempotency-Key. */
export type OrderRecord = OrderDto & { idempotencyKey: string; requestHash: string };

/** Activities of the orders service (task queue `orders`). */
export interface OrdersActivities {
  /** Creates the order record once (idempotent under the order id); returns the stored record. */
  createOrder(input: CreateOrderInput): Promise<OrderRecord>;
  /** Sets status (and reason or tracking number); idempotent. */
  setOrderStatus(input: SetOrderStatusInput): Promise<OrderRecord>;
}

/** Workflow id of an order. */
export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;

/** Names of the order workflow's signals, query and update. */
export const ORDER_MESSAGES = {
  approve: 'approve',
  reject: 'reject',
  ship: 'ship',
  cancel: 'cancel',
  status: 'status',
  /** Update used with update-with-start: answers once the order is priced and its stock reserved or refused. */
  placed: 'placed',
} as const;

/** Argument of the `placed` update: the hash of the request that sent it, refused when it is not the hash the order was started with. */
export interface PlacedUpdateArgs {
  requestHash: string;
}

/** Payload of the `ship` signal. */
export interface ShipSignal {
  trackingNumber: string;
}

/** Payload of the `cancel` signal. */
export interface CancelSignal {
  reason?: string;
}
