import Router from '@koa/router';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import {
  FINAL_STATUSES,
  type CheckoutSettings,
  type OrderCheckoutInput,
  type OrderRecord,
  type OrderStatus,
} from '../../contracts';
import { HttpError } from '../http-error';
import { NoQuery, parseInput } from '../../lib/validation';
import { chars, IdempotencyKey, OrderId, OrdersCursor, PageSize, ProductId, text } from '../schemas';
import { requireCustomer } from '../middleware/authenticate';
import { deriveOrderId, requestHash } from '../order-identity';
import type { DependencyOutages } from '../dependency-outage';
import type { CatalogClient } from '../services/catalog';
import { OrderWorkflows, keyReused } from '../services/order-workflows';
import { toOrderDto, type OrdersStore } from '../services/orders-store';
import { ServiceUnavailableError } from '../services/service-client';
import { streamOrderStatus, type OrderStreamDeps } from './order-stream';

/** Body of `POST /api/orders`; prices, statuses and customer ids are never taken from the request. */
export const PlaceOrderBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: ProductId,
        quantity: z.number().int().min(1).max(100),
      }),
    )
    .min(1)
    .max(50),
  paymentToken: chars(1, 100),
});

/** Query of `GET /api/orders`: page size (at most 100) and the previous page's `nextCursor`. */
export const ListOrdersQuery = z.strictObject({
  limit: PageSize.default(20),
  cursor: OrdersCursor.optional(),
});

/** Body of `POST /api/orders/:id/cancel` (optional): why the customer cancels. */
export const CancelOrderBody = z.strictObject({ reason: text(500).optional() });

const isOrderId = (id: string) => OrderId.safeParse(id).success;

/** What the order routes need. */
export interface OrderRouteDeps {
  temporal: Client;
  orders: OrdersStore;
  catalog: CatalogClient;
  settings: CheckoutSettings;
  /** How long POST waits for the reservation before answering 202. */
  placementWaitMs: number;
  /** Budget of one Temporal describe, history read or signal (default 3 s, `TEMPORAL_CALL_TIMEOUT`). */
  temporalCallMs?: number;
  /** The gateway's outage log (Temporal, the order workflows). */
  outages?: DependencyOutages;
  /** What `GET /api/orders/:id/stream` needs: the process's order event tail, Redis, the heartbeat. */
  stream: OrderStreamDeps;
}

/** The orders service's page cursor (`<ISO createdAt>_<orderId>`) as this API's (`<createdAt ms>_<orderId>`, see OrdersCursor). */
const encodeCursor = (raw: string) => {
  const [createdAt = '', orderId = ''] = raw.split('_');
  return `${Date.parse(createdAt)}_${orderId}`;
};
/** This API's cursor as the orders service's. */
const decodeCursor = (cursor: string) => {
  const [ms = '', orderId = ''] = cursor.split('_');
  return `${new Date(Number(ms)).toISOString()}_${orderId}`;
};

/**
 * `GET /api/orders`, `POST /api/orders`, `GET /api/orders/:id`, `GET /api/orders/:id/events`, `GET
 * /api/orders/:id/stream`, `POST /api/orders/:id/cancel`: all for the token's customer only.
 */
export function orderRoutes(deps: OrderRouteDeps): Router {
  const router = new Router({ prefix: '/api/orders' });
  router.use(requireCustomer);
  const workflows = new OrderWorkflows({
    temporal: deps.temporal,
    callBudgetMs: deps.temporalCallMs ?? 3_000,
    outages: deps.outages,
  });

  /** The caller's order record, or 404 (also for another customer's order: its existence is not revealed). */
  async function ownOrder(orderId: string, customer: string): Promise<OrderRecord> {
    const record = isOrderId(orderId) ? await deps.orders.get(orderId) : undefined;
    if (!record || record.customerId !== customer) throw new HttpError(404, 'ORDER_NOT_FOUND', 'No such order.');
    return record;
  }

  router.get('/', async (ctx) => {
    const query = parseInput(ListOrdersQuery, ctx.query);
    const page = await deps.orders.list(
      ctx.state.customerId as string,
      query.limit,
      query.cursor && decodeCursor(query.cursor),
    );
    if (!page)
      throw new Error(
        `the orders service refused the cursor ${query.cursor}, though every cursor of this shape is a position`,
      );
    ctx.body = {
      items: page.items.map(toOrderDto),
      ...(page.nextCursor ? { nextCursor: encodeCursor(page.nextCursor) } : {}),
    };
  });

  router.post('/', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const key = ctx.get('Idempotency-Key');
    if (!key)
      throw new HttpError(
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
        'Send an Idempotency-Key header (a unique value per order you mean to place).',
      );
    if (!IdempotencyKey.safeParse(key).success)
      throw new HttpError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 printable ASCII characters.');
    const body = parseInput(PlaceOrderBody, ctx.request.body);
    const customer = ctx.state.customerId as string;
    const orderId = deriveOrderId(customer, key);
    const hash = requestHash(body);
    const location = `/api/orders/${orderId}`;

    const answer = (record: OrderRecord) => {
      if (record.requestHash !== hash) throw keyReused();
      ctx.status = 201;
      ctx.set('Location', location);
      ctx.body = toOrderDto(record);
    };
    /** 202: Temporal holds the order, its record is not to be had yet; the client follows Location. */
    const accepted = (status: OrderStatus) => {
      ctx.status = 202;
      ctx.set('Location', location);
      ctx.body = { orderId, customerId: customer, status };
    };

    await checkProducts(
      orderId,
      body.items.map((i) => i.productId),
    );
    const input: OrderCheckoutInput = {
      orderId,
      customerId: customer,
      idempotencyKey: key,
      requestHash: hash,
      items: body.items,
      paymentToken: body.paymentToken,
      requestId: ctx.state.requestId,
      settings: deps.settings,
    };
    let placement: Awaited<ReturnType<typeof workflows.place>>;
    try {
      placement = await workflows.place(input, deps.placementWaitMs);
    } finally {
      deps.catalog.invalidate(); // the order reserves stock: the next catalog read shows it
    }
    if (placement.outcome === 'placed') return answer(placement.record);
    if (placement.outcome === 'accepted') return accepted(placement.status);
    // An earlier placement under this key (same body: checked against the workflow's input) whose workflow has closed: its record answers.
    const record = await deps.orders.get(orderId).catch((err: unknown) => {
      if (err instanceof ServiceUnavailableError) return null;
      throw err;
    });
    if (record) return answer(record);
    if (record === undefined)
      throw new Error(`the workflow of order ${orderId} has closed, but the orders service has no record of it`);
    accepted((await workflows.describe(orderId))?.status ?? 'PENDING'); // the read API is down: what Temporal knows
  });

  /**
   * 422 UNKNOWN_PRODUCT for a product the catalog does not know, unless an order under this key exists already (a replay
   * must name the same order even when the catalog changed or is unavailable); 503 CATALOG_UNAVAILABLE likewise.
   */
  async function checkProducts(orderId: string, productIds: string[]): Promise<void> {
    let refusal: HttpError;
    try {
      const unknown = await deps.catalog.unknown(productIds);
      if (unknown.length === 0) return;
      refusal = new HttpError(422, 'UNKNOWN_PRODUCT', `Unknown product: ${unknown.join(', ')}`, {
        productIds: unknown,
      });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      refusal = err;
    }
    const existing = await workflows.describe(orderId).catch(() => undefined);
    if (!existing) throw refusal;
  }

  router.get('/:id', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.body = toOrderDto(await ownOrder(ctx.params.id, ctx.state.customerId));
  });

  /** The order's events, oldest first, from the orders service's timeline (404 like the order itself). */
  router.get('/:id/events', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const record = await ownOrder(ctx.params.id, ctx.state.customerId);
    const items = await deps.orders.timeline(record.orderId);
    if (!items) throw new HttpError(404, 'ORDER_NOT_FOUND', 'No such order.'); // known a moment ago: gone since, or a service without timelines
    ctx.body = {
      items: items.map(({ eventId, type, source, occurredAt, data }) => ({ eventId, type, source, occurredAt, data })),
    };
  });

  /** Server-Sent Events: the order's status now, then each change (see streamOrderStatus). */
  router.get('/:id/stream', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const orderId = ctx.params.id;
    const customer = ctx.state.customerId as string;
    await streamOrderStatus(ctx, orderId, async () => toOrderDto(await ownOrder(orderId, customer)), deps.stream);
  });

  router.post('/:id/cancel', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const body = parseInput(CancelOrderBody, ctx.request.body ?? {});
    const orderId = ctx.params.id;
    const customer = ctx.state.customerId as string;
    const notFound = () => new HttpError(404, 'ORDER_NOT_FOUND', 'No such order.');
    const notCancellable = (status: OrderStatus) =>
      new HttpError(409, 'ORDER_NOT_CANCELLABLE', `The order is ${status} and can no longer be cancelled.`);
    if (!isOrderId(orderId)) throw notFound();
    // Temporal answers ownership and status (search attributes); the read API only when the workflow's history is gone.
    const live = await workflows.describe(orderId);
    if (!live) throw notCancellable((await ownOrder(orderId, customer)).status);
    const owner = live.customerId ?? (await ownOrder(orderId, customer)).customerId;
    if (owner !== customer) throw notFound();
    if (!live.running || FINAL_STATUSES.includes(live.status)) throw notCancellable(live.status);
    if (!(await workflows.requestCancel(orderId, body.reason ?? 'customer request'))) throw notCancellable(live.status);
    deps.catalog.invalidate(); // the cancellation releases the order's stock
    ctx.status = 202;
    ctx.body = { orderId, status: live.status, cancellation: 'REQUESTED' };
  });

  return router;
}
