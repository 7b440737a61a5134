import Router from '@koa/router';
import { z } from 'zod';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { TypedSearchAttributes, defineSearchAttributeKey, SearchAttributeType, type Workflow } from '@temporalio/common';
import { FINAL_STATUSES, ORDER_MESSAGES, TASK_QUEUES, orderWorkflowId, type CheckoutSettings, type OrderCheckoutInput, type OrderRecord, type OrderStatus, type OrderStatusView } from '../../contracts';
import { HttpError } from '../http-error';
import { NoQuery, validate } from '../validate';
import { settleWithin } from '../result-within';
import { requireCustomer } from '../middleware/authenticate';
import { deriveOrderId, requestHash } from '../order-identity';
import type { CatalogClient } from '../services/catalog';
import { toOrderDto, type OrdersStore } from '../services/orders-store';

/** Body of `POST /api/orders`; prices, statuses and customer ids are never taken from the request. */
export const PlaceOrderBody = z.strictObject({
  items: z.array(z.strictObject({
    productId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(100),
  })).min(1).max(50),
  paymentToken: z.string().min(1).max(100),
});

/** Query of `GET /api/orders`: page size (at most 100) and the previous page's `nextCursor`. */
export const ListOrdersQuery = z.strictObject({
  limit: z.string().regex(/^[1-9][0-9]{0,2}$/, 'a whole number from 1 to 100').transform(Number).pipe(z.number().int().max(100)).default(20),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'not a cursor from this API').optional(),
});

/** Body of `POST /api/orders/:id/cancel` (optional): why the customer cancels. */
export const CancelOrderBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const STATUS_KEY = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
const CUSTOMER_KEY = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);

/** What the order routes need. */
export interface OrderRouteDeps {
  temporal: Client;
  orders: OrdersStore;
  catalog: CatalogClient;
  settings: CheckoutSettings;
  /** How long POST waits for the reservation before answering 202. */
  placementWaitMs: number;
}

const isAlreadyStarted = (err: unknown) => (err as Error)?.name === 'WorkflowExecutionAlreadyStartedError';

/** Opaque form of the orders service's page cursor. */
const encodeCursor = (raw: string) => Buffer.from(raw, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** `GET /api/orders`, `POST /api/orders`, `GET /api/orders/:id`, `POST /api/orders/:id/cancel`: all for the token's customer only. */
export function orderRoutes(deps: OrderRouteDeps): Router {
  const router = new Router({ prefix: '/api/orders' });
  router.use(requireCustomer);

  /** The caller's order record, or 404 (also for another customer's order: its existence is not revealed). */
  async function ownOrder(orderId: string, customer: string): Promise<OrderRecord> {
    const record = /^[a-f0-9]{32}$/.test(orderId) ? await deps.orders.get(orderId) : undefined;
    if (!record || record.customerId !== customer) throw new HttpError(404, 'ORDER_NOT_FOUND', 'No such order.');
    return record;
  }

  router.get('/', async (ctx) => {
    const query = validate(ListOrdersQuery, ctx.query);
    const page = await deps.orders.list(ctx.state.customerId as string, query.limit, query.cursor && decodeCursor(query.cursor));
    if (!page) throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this API gave out.');
    ctx.body = { items: page.items.map(toOrderDto), ...(page.nextCursor ? { nextCursor: encodeCursor(page.nextCursor) } : {}) };
  });

  router.post('/', async (ctx) => {
    validate(NoQuery, ctx.query);
    const key = ctx.get('Idempotency-Key');
    if (!key) throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (a unique value per order you mean to place).');
    if (!IDEMPOTENCY_KEY.test(key)) throw new HttpError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 printable ASCII characters.');
    const body = validate(PlaceOrderBody, ctx.request.body);
    const customer = ctx.state.customerId as string;
    const orderId = deriveOrderId(customer, key);
    const hash = requestHash(body);
    const location = `/api/orders/${orderId}`;

    const answer = (record: OrderRecord, status: number) => {
      if (record.requestHash !== hash) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different order.');
      ctx.status = status;
      ctx.set('Location', location);
      ctx.body = toOrderDto(record);
    };

    const existing = await deps.orders.get(orderId);
    if (existing) return answer(existing, 201);

    const unknown = await deps.catalog.unknown(body.items.map((i) => i.productId));
    if (unknown.length > 0) throw new HttpError(422, 'UNKNOWN_PRODUCT', `Unknown product: ${unknown.join(', ')}`, { productIds: unknown });

    const input: OrderCheckoutInput = {
      orderId, customerId: customer, idempotencyKey: key, requestHash: hash, items: body.items, paymentToken: body.paymentToken,
      requestId: ctx.state.requestId, settings: deps.settings,
    };
    const start = new WithStartWorkflowOperation('orderCheckout', {
      workflowId: orderWorkflowId(orderId),
      taskQueue: TASK_QUEUES.orders,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: new TypedSearchAttributes([{ key: STATUS_KEY, value: 'PENDING' }, { key: CUSTOMER_KEY, value: customer }]),
    });
    let update;
    try {
      update = await deps.temporal.workflow.startUpdateWithStart<Workflow, OrderRecord, []>(ORDER_MESSAGES.placed, { waitForStage: 'ACCEPTED', startWorkflowOperation: start });
    } catch (err) {
      if (!isAlreadyStarted(err)) throw err;
      const record = await deps.orders.get(orderId); // the workflow ended already: its record answers
      if (!record) throw err;
      return answer(record, 201);
    }
    const record = await settleWithin(update.result(), deps.placementWaitMs);
    if (record) return answer(record, 201);
    ctx.status = 202;
    ctx.set('Location', location);
    ctx.body = { orderId, customerId: customer, status: 'PENDING' };
  });

  router.get('/:id', async (ctx) => {
    validate(NoQuery, ctx.query);
    ctx.body = toOrderDto(await ownOrder(ctx.params.id, ctx.state.customerId));
  });

  router.post('/:id/cancel', async (ctx) => {
    validate(NoQuery, ctx.query);
    const body = validate(CancelOrderBody, ctx.request.body ?? {});
    const record = await ownOrder(ctx.params.id, ctx.state.customerId);
    const notCancellable = (status: OrderStatus) => new HttpError(409, 'ORDER_NOT_CANCELLABLE', `The order is ${status} and can no longer be cancelled.`);
    if (FINAL_STATUSES.includes(record.status)) throw notCancellable(record.status);
    const handle = deps.temporal.workflow.getHandle(orderWorkflowId(record.orderId));
    const live = await handle.query<OrderStatusView>(ORDER_MESSAGES.status).catch((err: unknown) => {
      if ((err as Error)?.name === 'WorkflowNotFoundError') throw notCancellable(record.status); // history gone: nothing left to cancel
      throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'The order workflow could not be reached; try again.');
    });
    if (FINAL_STATUSES.includes(live.status)) throw notCancellable(live.status);
    await handle.signal(ORDER_MESSAGES.cancel, { reason: body.reason ?? 'customer request' });
    ctx.status = 202;
    ctx.body = { orderId: record.orderId, status: live.status, cancellation: 'REQUESTED' };
  });

  return router;
}
