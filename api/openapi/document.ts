import { z } from 'zod';
import {
  EVENT_TYPES,
  FAILURE_REASONS,
  FINAL_STATUSES,
  ORDER_STATUSES,
  ORDER_STREAM_EVENTS,
  SERVICE_NAMES,
} from '../../contracts';
import { LoginBody } from '../../contracts/request-schemas';
import { RegisterBody } from '../routes/auth';
import { CancelOrderBody, ListOrdersQuery, PlaceOrderBody } from '../routes/orders';
import { LastEventId, ORDER_STREAM_RETRY_MS } from '../routes/order-stream';
import { SSE_HEADERS } from '../sse';
import { IdempotencyKey, OrderId, ProductId } from '../schemas';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string): Schema => ({ $ref: `#/components/headers/${name}` });

/**
 * JSON Schema of a request schema, as the client sends it (without zod's `$schema` line). `format: email` is left out:
 * the pattern zod checks an email with is the whole check, and validators' email formats are stricter or looser than it.
 */
const input = (schema: z.ZodType): Schema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'email') delete jsonSchema.format;
    },
  }) as Schema;
  return rest;
};

/** What each error status means in general; the codes a route answers with it are listed per operation. */
const ERROR_MEANINGS: Record<number, string> = {
  400: 'Invalid request: unknown or malformed field, query parameter, header, JSON or request target.',
  401: 'Missing, malformed, expired or wrongly signed bearer token, or wrong credentials.',
  404: 'No such resource, or an order of another customer.',
  405: 'Method not allowed on this path; Allow lists the methods it serves.',
  409: 'Conflict with the current state.',
  413: 'Body larger than 64 KB.',
  415: 'A body that is not application/json (a request with no body at all is an empty body).',
  422: 'Well-formed but refused.',
  429: 'Over the rate limit; see Retry-After.',
  503: 'A dependency the request needs is down: a service or its circuit breaker (SERVICE_UNAVAILABLE), the workflow service (TEMPORAL_UNAVAILABLE), or the product catalog with no copy in the gateway (CATALOG_UNAVAILABLE); try again (an order with the same Idempotency-Key).',
};

/** Headers of every answer of a route under `/api` (the rate limiter's: absent only when the request target itself is refused). */
const API_HEADERS: Schema = {
  'X-Request-Id': header('X-Request-Id'),
  'RateLimit-Limit': header('RateLimit-Limit'),
  'RateLimit-Remaining': header('RateLimit-Remaining'),
  'RateLimit-Reset': header('RateLimit-Reset'),
};
/** Headers of every answer outside `/api` (no rate limit there). */
const PLAIN_HEADERS: Schema = { 'X-Request-Id': header('X-Request-Id') };
/** Headers an error status always carries besides those. */
const STATUS_HEADERS: Record<number, Schema> = {
  405: { Allow: header('Allow') },
  429: { 'Retry-After': header('Retry-After') },
};

/** Which error codes an operation answers, by status. */
type Failures = Partial<Record<number, string[]>>;

/** The edge's refusals on every route: a request target Node cannot parse, a query string the route does not take, a wrong method. */
const EDGE: Failures = { 400: ['BAD_REQUEST', 'VALIDATION_FAILED'], 405: ['METHOD_NOT_ALLOWED'] };
/** Every route under `/api` is rate-limited. */
const LIMITED: Failures = { 429: ['RATE_LIMITED'] };
/** What reading a JSON body adds. */
const BODY: Failures = { 400: ['INVALID_JSON'], 413: ['PAYLOAD_TOO_LARGE'], 415: ['UNSUPPORTED_MEDIA_TYPE'] };
/** What the sign-in requirement of `/api/orders*` adds (503: the users service's key set cannot be fetched). */
const SIGNED_IN: Failures = { 401: ['UNAUTHORIZED', 'INVALID_TOKEN', 'TOKEN_EXPIRED'], 503: ['SERVICE_UNAVAILABLE'] };

/** The error responses of an operation: each status with its codes (an enum on the Error body), meaning and headers. */
function errorResponses(base: Schema, ...parts: Failures[]): Schema {
  const merged: Record<number, string[]> = {};
  for (const part of parts) {
    for (const [status, codes] of Object.entries(part))
      merged[Number(status)] = [...new Set([...(merged[Number(status)] ?? []), ...(codes ?? [])])];
  }
  const challenge = merged[401] ? { 'WWW-Authenticate': header('WWW-Authenticate') } : {}; // RFC 9110: every 401 has one
  return Object.fromEntries(
    Object.entries(merged).map(([status, codes]) => [
      status,
      {
        description: `${ERROR_MEANINGS[Number(status)]} Codes: ${codes.join(', ')}.`,
        headers: { ...base, ...STATUS_HEADERS[Number(status)], ...(status === '401' ? challenge : {}) },
        content: {
          'application/json': {
            schema: {
              allOf: [
                ref('Error'),
                { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } },
              ],
            },
          },
        },
      },
    ]),
  );
}

/**
 * The schema with every object that lists its properties closed (`additionalProperties: false`), so an answer that
 * carries a field the document does not declare fails conformance. `allOf` narrowings are left open: they add
 * constraints to a closed base, not fields.
 */
function closed(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(closed) as unknown as Schema;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema))
    out[key] = key === 'allOf' || key === 'const' || key === 'enum' ? value : closed(value as Schema);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const json = (schema: Schema, description: string, headers: Schema) => ({
  description,
  headers,
  content: { 'application/json': { schema: closed(schema) } },
});
const body = (schema: z.ZodType, required = true) => ({
  required,
  content: { 'application/json': { schema: input(schema) } },
});
const orderIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Order id (32 hex characters).',
  schema: input(OrderId),
};
const bearer = [{ bearerAuth: [] }];
const noSecurity: Schema[] = [];
const LOCATION = { Location: header('Location') };

const product: Schema = {
  type: 'object',
  required: ['id', 'name', 'description', 'priceCents', 'currency', 'availability'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    priceCents: { type: 'integer', description: 'Price in cents, from the products service.' },
    currency: { type: 'string' },
    availability: {
      type: ['integer', 'null'],
      description: 'Units available now; null when the inventory service did not answer in time.',
    },
  },
};
const degraded = {
  type: 'boolean',
  const: true,
  description: 'Present when the inventory service did not answer: every availability is null.',
};

/** Headers of the event stream's answer besides those of every `/api` answer (api/sse.ts). */
const STREAM_HEADERS: Schema = {
  'Cache-Control': {
    description: 'No caching, and no transformation (compression) by a proxy: each message is delivered when written.',
    required: true,
    schema: { const: SSE_HEADERS['Cache-Control'] },
  },
  'X-Accel-Buffering': {
    description: 'Tells nginx not to buffer the stream.',
    required: true,
    schema: { const: SSE_HEADERS['X-Accel-Buffering'] },
  },
};

const FINAL = FINAL_STATUSES.join(', ');

/** What the document states of the data behind the gateway at the time it is served. */
export interface DocumentFacts {
  /** Ids of the catalog's products: a `productId` of an order is one of them (else 422 UNKNOWN_PRODUCT). */
  productIds?: readonly string[];
}

/** The order body's `productId` narrowed to the catalog's ids, when the catalog could be read. */
function withCatalog(placeOrder: Schema, productIds: readonly string[] | undefined): Schema {
  if (!productIds?.length) return placeOrder;
  const line = ((placeOrder.properties as Schema).items as Schema).items as Schema;
  const productId: Schema = {
    ...((line.properties as Schema).productId as Schema),
    enum: [...productIds].sort(),
    description:
      "One of the catalog's products when this document was served (GET /api/products); another id is 422 UNKNOWN_PRODUCT.",
  };
  const items = {
    ...((placeOrder.properties as Schema).items as Schema),
    items: { ...line, properties: { ...(line.properties as Schema), productId } },
  };
  return { ...placeOrder, properties: { ...(placeOrder.properties as Schema), items } };
}

/** The gateway's OpenAPI 3.1 document: every route, status and the one error shape, with `facts` of the catalog. */
export function openApiDocument(facts: DocumentFacts = {}): Schema {
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Durable Commerce API gateway',
      version: '1.0.0',
      description:
        'The only entry point of the platform. Commands start or signal Temporal workflows; reads come from the services through circuit breakers. Every error body is `{error: {code, message, requestId}}`.',
    },
    servers: [{ url: 'http://localhost:3000' }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA), from POST /api/auth/login' },
      },
      headers: {
        'X-Request-Id': {
          description:
            'The request id (the one sent when it is 1-128 of A-Za-z0-9._:-, else a generated one); it also appears in the logs of every workflow activity the request started.',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
        },
        'RateLimit-Limit': {
          description: 'Requests allowed per window (60 s) to the limit this request counted against.',
          schema: { type: 'integer', minimum: 1 },
        },
        'RateLimit-Remaining': {
          description: 'Requests left in the current window.',
          schema: { type: 'integer', minimum: 0 },
        },
        'RateLimit-Reset': {
          description: 'Seconds until the window resets (delta-seconds).',
          schema: { type: 'integer', minimum: 0 },
        },
        'Retry-After': {
          description: 'Seconds until the rate-limit window resets.',
          required: true,
          schema: { type: 'integer', minimum: 0 },
        },
        Allow: {
          description: 'The methods this path serves (RFC 9110).',
          required: true,
          schema: { type: 'string', pattern: '^[A-Z]+(, [A-Z]+)*$' },
        },
        Location: {
          description: 'The order: `/api/orders/{orderId}`.',
          required: true,
          schema: { type: 'string', pattern: '^/api/orders/[a-f0-9]{32}$' },
        },
        'WWW-Authenticate': {
          description: 'The Bearer challenge.',
          required: true,
          schema: { type: 'string', pattern: '^Bearer' },
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              properties: {
                code: { type: 'string', description: 'Stable machine-readable code.' },
                message: { type: 'string', description: 'Human-readable; never a stack trace.' },
                requestId: { type: 'string' },
                details: { description: 'Per-field problems (VALIDATION_FAILED) or other specifics.' },
              },
            },
          },
        },
        Order: {
          type: 'object',
          required: ['orderId', 'customerId', 'status', 'items', 'totalCents', 'currency', 'createdAt', 'updatedAt'],
          properties: {
            orderId: { type: 'string' },
            customerId: { type: 'string' },
            status: { enum: [...ORDER_STATUSES] },
            failureReason: { enum: [...FAILURE_REASONS] },
            items: {
              type: 'array',
              items: {
                type: 'object',
                required: ['productId', 'quantity', 'unitPriceCents'],
                properties: {
                  productId: { type: 'string' },
                  quantity: { type: 'integer' },
                  unitPriceCents: { type: 'integer' },
                },
              },
            },
            totalCents: { type: 'integer' },
            currency: { type: 'string' },
            trackingNumber: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        AcceptedOrder: {
          type: 'object',
          required: ['orderId', 'customerId', 'status'],
          description: 'An order the workflow service holds, whose full record is not to be had yet.',
          properties: {
            orderId: { type: 'string' },
            customerId: { type: 'string' },
            status: {
              enum: [...ORDER_STATUSES],
              description:
                'The status the workflow service knows: PENDING for a new order; the final status of an earlier placement whose order record cannot be read now.',
            },
          },
        },
        Product: product,
        OrderStreamStatus: {
          type: 'object',
          required: ['orderId', 'status', 'totalCents', 'cause', 'at'],
          description: `The \`data:\` of a \`${ORDER_STREAM_EVENTS.status}\` message of GET /api/orders/{id}/stream (JSON).`,
          properties: {
            orderId: { type: 'string' },
            status: { enum: [...ORDER_STATUSES] },
            failureReason: { enum: [...FAILURE_REASONS] },
            trackingNumber: { type: 'string' },
            totalCents: { type: 'integer' },
            cause: {
              enum: ['snapshot', ...Object.values(EVENT_TYPES).filter((t) => t.startsWith('order.'))],
              description:
                'The event that announced the status, or `snapshot` for the status read when the stream opened.',
            },
            at: { type: 'string', format: 'date-time', description: 'When the order reached the status.' },
          },
        },
        OrderTimelineEntry: {
          type: 'object',
          required: ['eventId', 'type', 'source', 'occurredAt', 'data'],
          properties: {
            eventId: { type: 'string' },
            type: { enum: Object.values(EVENT_TYPES) },
            source: { enum: [...SERVICE_NAMES], description: 'The service that published the event.' },
            occurredAt: { type: 'string', format: 'date-time', description: 'When the change committed.' },
            data: { description: "The event's data (its shape depends on `type`)." },
          },
        },
        Health: {
          type: 'object',
          required: ['status', 'service', 'checks'],
          properties: {
            status: { enum: ['healthy', 'degraded', 'unhealthy'] },
            service: { const: 'gateway' },
            timestamp: { type: 'string', format: 'date-time' },
            uptimeSeconds: { type: 'integer' },
            checks: {
              type: 'object',
              description: 'One entry per downstream: temporal, redis and each service.',
              additionalProperties: {
                type: 'object',
                required: ['status', 'essential', 'latencyMs'],
                properties: {
                  status: { enum: ['healthy', 'degraded', 'unhealthy'] },
                  essential: { type: 'boolean' },
                  latencyMs: { type: 'integer' },
                  error: { type: 'string' },
                },
              },
            },
            circuitBreakers: { type: 'object', additionalProperties: { enum: ['closed', 'open', 'half-open'] } },
          },
        },
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'Aggregated health of the gateway and every downstream',
          security: noSecurity,
          responses: {
            200: json(ref('Health'), 'Healthy or degraded: orders can be served.', PLAIN_HEADERS),
            503: json(
              ref('Health'),
              'Unhealthy: Temporal, the one downstream order intake needs, is down.',
              PLAIN_HEADERS,
            ),
            ...errorResponses(PLAIN_HEADERS, EDGE),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          security: noSecurity,
          responses: {
            200: json({ type: 'object' }, 'The OpenAPI 3.1 document.', API_HEADERS),
            ...errorResponses(API_HEADERS, EDGE, LIMITED),
          },
        },
      },
      '/api/auth/register': {
        post: {
          summary: 'Register a customer (runs the registerUser workflow)',
          security: noSecurity,
          requestBody: body(RegisterBody),
          responses: {
            201: json(
              {
                type: 'object',
                required: ['id', 'email', 'name'],
                properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
              },
              'Registered.',
              API_HEADERS,
            ),
            202: json(
              {
                type: 'object',
                required: ['registrationId', 'status', 'workflowId'],
                properties: {
                  registrationId: { type: 'string' },
                  status: { const: 'PENDING' },
                  workflowId: { type: 'string' },
                },
              },
              'Still running; the workflow id can be followed.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, BODY, {
              409: ['EMAIL_TAKEN'],
              503: ['TEMPORAL_UNAVAILABLE'],
            }),
          },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'Exchange email and password for a bearer token (signed by the users service)',
          description: 'Rate-limited per client IP, lower than other routes.',
          security: noSecurity,
          requestBody: body(LoginBody),
          responses: {
            200: json(
              {
                type: 'object',
                required: ['token', 'expiresIn'],
                properties: { token: { type: 'string' }, expiresIn: { type: 'integer', description: 'Seconds.' } },
              },
              'Signed in.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, BODY, {
              401: ['INVALID_CREDENTIALS'],
              503: ['SERVICE_UNAVAILABLE'],
            }),
          },
        },
      },
      '/api/products': {
        get: {
          summary: 'The catalog with availability (product list cached in Redis; availability live)',
          security: noSecurity,
          responses: {
            200: json(
              {
                type: 'object',
                required: ['items'],
                properties: { items: { type: 'array', items: ref('Product') }, degraded },
              },
              'The catalog.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, { 503: ['SERVICE_UNAVAILABLE'] }),
          },
        },
      },
      '/api/products/{id}': {
        get: {
          summary: 'One product with its availability',
          security: noSecurity,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Product id; any other shape is 404.',
              schema: input(ProductId),
            },
          ],
          responses: {
            200: json(
              { allOf: [ref('Product'), { type: 'object', properties: { degraded } }] },
              'The product.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, { 404: ['PRODUCT_NOT_FOUND'], 503: ['SERVICE_UNAVAILABLE'] }),
          },
        },
      },
      '/api/orders': {
        get: {
          summary: "The caller's orders, newest first",
          security: bearer,
          parameters: Object.entries((input(ListOrdersQuery).properties ?? {}) as Record<string, Schema>).map(
            ([name, schema]) => ({
              name,
              in: 'query',
              required: false,
              schema,
              description:
                name === 'limit'
                  ? 'Page size, 1 to 100 (default 20).'
                  : 'The `nextCursor` of the previous page (any value of this shape is a position: the orders created before it).',
            }),
          ),
          responses: {
            200: json(
              {
                type: 'object',
                required: ['items'],
                properties: {
                  items: { type: 'array', items: ref('Order') },
                  nextCursor: {
                    type: 'string',
                    pattern: '^[0-9]{1,14}_[a-f0-9]{32}$',
                    description: 'Pass as `cursor` for the next page; absent on the last page.',
                  },
                },
              },
              'A page of orders.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, SIGNED_IN),
          },
        },
        post: {
          summary:
            'Place an order (starts the orderCheckout saga); prices come from the catalog, the customer from the token',
          description:
            'Rate-limited per customer, lower than other routes. The same Idempotency-Key with the same body answers the same order (also at once, and after it ended); with another body 409 IDEMPOTENCY_KEY_REUSED (the key already names another order). A product the catalog does not know is 422 UNKNOWN_PRODUCT. Needs the workflow service only: with the orders service, its worker or the other services down the order is still taken (201 or 202). A 503 TEMPORAL_UNAVAILABLE means the order may not be taken: send it again with the same key.',
          security: bearer,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: input(IdempotencyKey) }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: withCatalog(input(PlaceOrderBody), facts.productIds) } },
          },
          responses: {
            201: json(
              ref('Order'),
              'Placed (or an earlier placement under this key); status PENDING, AWAITING_APPROVAL, CONFIRMED or FAILED.',
              { ...API_HEADERS, ...LOCATION },
            ),
            202: json(
              ref('AcceptedOrder'),
              'Accepted: the order is durably taken and completes when the services it needs are back, but was not priced and reserved within ORDER_PLACEMENT_WAIT (or an earlier placement under this key ended and its record cannot be read now). Follow Location.',
              { ...API_HEADERS, ...LOCATION },
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, BODY, SIGNED_IN, {
              400: ['IDEMPOTENCY_KEY_REQUIRED', 'INVALID_IDEMPOTENCY_KEY'],
              409: ['IDEMPOTENCY_KEY_REUSED'],
              422: ['UNKNOWN_PRODUCT'],
              503: ['TEMPORAL_UNAVAILABLE', 'CATALOG_UNAVAILABLE'],
            }),
          },
        },
      },
      '/api/orders/{id}': {
        get: {
          summary: "One of the caller's orders",
          security: bearer,
          parameters: [orderIdParam],
          responses: {
            200: json(ref('Order'), 'The order.', API_HEADERS),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, SIGNED_IN, { 404: ['ORDER_NOT_FOUND'] }),
          },
        },
      },
      '/api/orders/{id}/events': {
        get: {
          summary: "The domain events of one of the caller's orders, oldest first",
          description:
            "Read from the orders service's timeline of the order, which its consumer of the event streams keeps: an event shows here a moment after the change it describes.",
          security: bearer,
          parameters: [orderIdParam],
          responses: {
            200: json(
              {
                type: 'object',
                required: ['items'],
                properties: { items: { type: 'array', items: ref('OrderTimelineEntry') } },
              },
              'The timeline.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, SIGNED_IN, { 404: ['ORDER_NOT_FOUND'] }),
          },
        },
      },
      '/api/orders/{id}/stream': {
        get: {
          summary: "Live status of one of the caller's orders (Server-Sent Events)",
          description: `An event stream (EventSource): \`retry: ${ORDER_STREAM_RETRY_MS}\`, then \`event: ${ORDER_STREAM_EVENTS.status}\` messages whose \`data:\` is an OrderStreamStatus (JSON): the current status at once (\`cause: snapshot\`, no \`id:\`), then each change, with the Redis stream entry id of its event as \`id:\`. A status is sent only when it is further along than the last one sent; the stream ends after a final status (${FINAL}), so close the EventSource on one. Comment lines (\`: heartbeat\`) every SSE_HEARTBEAT keep proxies from closing an idle stream. A browser reconnecting sends Last-Event-ID and gets only the order's changes after it. Refusals come before the stream starts, as JSON errors; 503 SERVICE_UNAVAILABLE also when the gateway is shutting down (connect again).`,
          security: bearer,
          parameters: [
            orderIdParam,
            {
              name: 'Last-Event-ID',
              in: 'header',
              required: false,
              description: 'The `id:` of the last message received (an EventSource sends it when it reconnects).',
              schema: input(LastEventId),
            },
          ],
          responses: {
            200: {
              description: 'The event stream.',
              headers: { ...API_HEADERS, ...STREAM_HEADERS },
              content: {
                'text/event-stream': {
                  schema: { type: 'string', description: 'Server-Sent Events (text/event-stream).' },
                  'x-sse-events': { [ORDER_STREAM_EVENTS.status]: ref('OrderStreamStatus') },
                  example: `retry: ${ORDER_STREAM_RETRY_MS}\n\nevent: ${ORDER_STREAM_EVENTS.status}\ndata: {"orderId":"…","status":"PENDING","totalCents":2400,"cause":"snapshot","at":"2026-12-02T10:00:01.000Z"}\n\nid: 1796205602000-0\nevent: ${ORDER_STREAM_EVENTS.status}\ndata: {"orderId":"…","status":"CONFIRMED","totalCents":2400,"cause":"order.confirmed","at":"2026-12-02T10:00:02.000Z"}\n\n`,
                },
              },
            },
            204: {
              description:
                'Last-Event-ID is the final status of the order: nothing follows (an EventSource stops reconnecting on 204).',
              headers: API_HEADERS,
            },
            ...errorResponses(API_HEADERS, EDGE, LIMITED, SIGNED_IN, { 404: ['ORDER_NOT_FOUND'] }),
          },
        },
      },
      '/api/orders/{id}/cancel': {
        post: {
          summary: "Ask to cancel one of the caller's orders (signals its workflow; refunds and restocks follow)",
          description:
            'The body is optional: a request with none (no Content-Type, no Content-Length) is an empty body. Ownership and status come from the workflow service (the orders service is asked only when the workflow history is gone), so a cancellation is taken while the orders service is down.',
          security: bearer,
          parameters: [orderIdParam],
          requestBody: body(CancelOrderBody, false),
          responses: {
            202: json(
              {
                type: 'object',
                required: ['orderId', 'status', 'cancellation'],
                properties: {
                  orderId: { type: 'string' },
                  status: { enum: [...ORDER_STATUSES] },
                  cancellation: { const: 'REQUESTED' },
                },
              },
              'Cancellation requested.',
              API_HEADERS,
            ),
            ...errorResponses(API_HEADERS, EDGE, LIMITED, BODY, SIGNED_IN, {
              404: ['ORDER_NOT_FOUND'],
              409: ['ORDER_NOT_CANCELLABLE'],
              503: ['TEMPORAL_UNAVAILABLE'],
            }),
          },
        },
      },
    },
  };
  return { ...document, components: { ...document.components, schemas: closed(document.components.schemas) } };
}
