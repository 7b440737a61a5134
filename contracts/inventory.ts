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
}
