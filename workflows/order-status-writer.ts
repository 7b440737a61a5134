import { log, upsertSearchAttributes } from '@temporalio/workflow';
import { CUSTOMER_ID_KEY, ORDER_STATUS_KEY, ORDER_TOTAL_KEY } from '../contracts';
import type { CreateOrderInput, FailureReason, OrderCheckoutInput, OrderRecord, OrderStatus } from '../contracts';
import { localOrders, orders } from './activity-stubs';
import type { CheckoutState } from './checkout-state';
import { countOrderStatus } from './checkout-metrics';

/** What a status write may carry besides the status. */
export interface StatusDetails {
  failureReason?: FailureReason;
  trackingNumber?: string;
}

/**
 * Keeps the order record as the orders service last returned it, and writes the order's status everywhere it shows.
 * The writes run as local activities in the orders worker (`local`, the critical-path patch), else as activities on the
 * orders queue (histories recorded before it).
 */
export class OrderStatusWriter {
  /** The record the orders service last returned; none before `create`. */
  record?: OrderRecord;
  private readonly orders: typeof orders;

  constructor(
    private readonly input: OrderCheckoutInput,
    private readonly state: CheckoutState,
    local = false,
  ) {
    this.orders = local ? localOrders : orders;
  }

  /** Creates the order record, or gets the one already stored under the order id, and keeps it. */
  async create(order: CreateOrderInput): Promise<OrderRecord> {
    this.record = await this.orders.createOrder(order);
    return this.record;
  }

  /** Records a status in the orders database, the search attributes, the query state and the metrics. */
  async write(status: OrderStatus, details: StatusDetails = {}): Promise<void> {
    const { orderId, requestId } = this.input;
    this.record = await this.orders.setOrderStatus({ orderId, status, ...details });
    this.state.status = status;
    this.state.failureReason = details.failureReason;
    this.publishSearchAttributes(status, this.record.totalCents);
    countOrderStatus(status, details.failureReason);
    log.info('order status changed', { orderId, status, failureReason: details.failureReason, requestId });
  }

  /** Upserts the order's search attributes: its status, customer and total. */
  publishSearchAttributes(status: OrderStatus, totalCents: number): void {
    upsertSearchAttributes([
      { key: ORDER_STATUS_KEY, value: status },
      { key: CUSTOMER_ID_KEY, value: this.input.customerId },
      { key: ORDER_TOTAL_KEY, value: totalCents },
    ]);
  }
}
