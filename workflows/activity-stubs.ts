import { proxyActivities, proxyLocalActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import { ErrorTypes, TASK_QUEUES } from '../contracts';
import type {
  InventoryActivities,
  NotificationsActivities,
  OrdersActivities,
  PaymentsActivities,
  ProductsActivities,
} from '../contracts';

/** Transient faults (a worker restart, a database restart) retry with backoff until the step's timeout. */
const retryForever: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' };

/** Options of internal steps: explicit start-to-close, unlimited retries (services come back; an order is never dropped). */
const internal = (taskQueue: string, nonRetryableErrorTypes: string[] = []): ActivityOptions => ({
  taskQueue,
  startToCloseTimeout: '10s',
  retry: { ...retryForever, nonRetryableErrorTypes },
});

/** Orders service: the order record, as activities on the orders queue (histories from before the critical-path patch). */
export const orders = proxyActivities<OrdersActivities>(internal(TASK_QUEUES.orders, [ErrorTypes.ORDER_NOT_FOUND]));

/**
 * Orders service: the order record, as local activities. The orders worker hosts the checkout and owns the orders
 * database, so its own writes run in the worker without a round trip through a task queue; same timeout and retries.
 */
export const localOrders = proxyLocalActivities<OrdersActivities>({
  startToCloseTimeout: '10s',
  retry: { ...retryForever, nonRetryableErrorTypes: [ErrorTypes.ORDER_NOT_FOUND] },
});

/** Products service: pricing. */
export const products = proxyActivities<ProductsActivities>(
  internal(TASK_QUEUES.products, [ErrorTypes.UNKNOWN_PRODUCT]),
);

/** Products service: price changes and the catalog-cache invalidation that follows them (retried until Redis answers). */
export const priceChanges = proxyActivities<Pick<ProductsActivities, 'changePrice' | 'invalidateCatalogCache'>>(
  internal(TASK_QUEUES.products, [
    ErrorTypes.UNKNOWN_PRODUCT,
    ErrorTypes.INVALID_PRICE_CHANGE,
    ErrorTypes.PRICE_CHANGE_CONFLICT,
  ]),
);

/** Inventory service: reservation and its compensations. */
export const inventory = proxyActivities<InventoryActivities>(
  internal(TASK_QUEUES.inventory, [ErrorTypes.OUT_OF_STOCK, ErrorTypes.INVALID_RESERVATION_STATE]),
);

/** Inventory service, for restocks: a bad quantity, a reused restock id or an unknown product is final. */
export const restocks = proxyActivities<InventoryActivities>(
  internal(TASK_QUEUES.inventory, [ErrorTypes.UNKNOWN_PRODUCT, ErrorTypes.INVALID_RESTOCK]),
);

/** Payments service, charge step: bounded by the checkout's time budget (schedule-to-close), past which the order fails PAYMENT_UNAVAILABLE. */
export const paymentsWithin = (budgetMs: number) =>
  proxyActivities<Pick<PaymentsActivities, 'chargePayment'>>({
    taskQueue: TASK_QUEUES.payments,
    startToCloseTimeout: '10s',
    scheduleToCloseTimeout: budgetMs,
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '10s',
      nonRetryableErrorTypes: [ErrorTypes.PAYMENT_DECLINED, ErrorTypes.PAYMENT_PROVIDER_REJECTED],
    },
  });

/** Payments service, refund (a compensation): retried until it succeeds. */
export const refunds = proxyActivities<Pick<PaymentsActivities, 'refundPayment'>>(internal(TASK_QUEUES.payments));

/** Notifications: best effort, a few attempts; a failed notification never undoes a paid order. */
export const notifications = proxyActivities<NotificationsActivities>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '10s',
  retry: { ...retryForever, maximumAttempts: 5 },
});
