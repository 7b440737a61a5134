import type { OrderItemInput } from './orders';

/** Stock of one product as the inventory service reports it; initial = available + reserved + sold. */
export interface StockDto {
  productId: string;
  available: number;
  reserved: number;
  sold: number;
}

/** Lifecycle of an order's reservation. */
export type ReservationState = 'RESERVED' | 'RELEASED' | 'COMMITTED' | 'RESTOCKED';

/** An order's stock reservation; `attempt` is the activity attempt that produced this answer. */
export interface ReservationDto {
  orderId: string;
  state: ReservationState;
  lines: OrderItemInput[];
  attempt: number;
}

/** Input of `restockProduct` (workflow and activity): `restockId` is the business key, so a resubmitted restock adds once. */
export interface RestockProductInput {
  restockId: string;
  productId: string;
  /** Units added to `available`: a whole number from 1 to 100000. */
  quantity: number;
}

/** What a restock did (the same answer for every retry or resubmission of one `restockId`). */
export interface RestockProductResult {
  restockId: string;
  productId: string;
  quantity: number;
  /** Units available right after this restock was applied. */
  availableAfter: number;
  restockedAt: string;
}

/** Workflow id of one restock. */
export const restockProductWorkflowId = (restockId: string): string => `restock-${restockId}`;

/** Activities of the inventory service (task queue `inventory`). Each writes `<orderId>:<step>` into a ledger under a unique constraint, in the same transaction as the stock change. */
export interface InventoryActivities {
  /** Current stock of the given products (unknown ids are left out). */
  getStock(productIds: string[]): Promise<StockDto[]>;
  /** Reserves every line or none; refusal is a non-retryable OUT_OF_STOCK naming the products. Idempotent under `<orderId>:reserve`. */
  reserveStock(input: { orderId: string; lines: OrderItemInput[] }): Promise<ReservationDto>;
  /** Compensation of reserveStock: RESERVED -> RELEASED, stock back to available. No reservation: null. Idempotent under `<orderId>:release`. */
  releaseReservation(input: { orderId: string }): Promise<ReservationDto | null>;
  /** On confirmation: RESERVED -> COMMITTED, reserved stock becomes sold. Idempotent under `<orderId>:commit`. */
  commitReservation(input: { orderId: string }): Promise<ReservationDto>;
  /** On cancellation of a confirmed order: COMMITTED -> RESTOCKED, sold stock back to available. Idempotent under `<orderId>:restock`. */
  restockOrder(input: { orderId: string }): Promise<ReservationDto>;
  /**
   * Adds units of a product to `available`, once per `restockId` (a ledger row under a unique key, in the transaction of
   * the stock change); an unknown product is a non-retryable UNKNOWN_PRODUCT, a bad quantity INVALID_RESTOCK.
   */
  restockProduct(input: RestockProductInput): Promise<RestockProductResult>;
}
