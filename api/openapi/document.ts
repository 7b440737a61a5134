import { z } from 'zod';
import { FAILURE_REASONS, ORDER_STATUSES } from '../../contracts';
import { LoginBody, RegisterBody } from '../routes/auth';
import { CancelOrderBody, ListOrdersQuery, PlaceOrderBody } from '../routes/orders';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** JSON Schema of a request schema, as the client sends it (without zod's `$schema` line). */
const input = (schema: z.ZodType): Schema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Schema;
  return rest;
};

/** Every error status the gateway answers with, and what it means; each has the Error body. */
const ERROR_MEANINGS: Record<number, string> = {
  400: 'Invalid request: unknown or malformed field, query parameter, header or JSON (codes VALIDATION_FAILED, INVALID_JSON, IDEMPOTENCY_KEY_REQUIRED, INVALID_IDEMPOTENCY_KEY, INVALID_CURSOR).',
  401: 'Missing, malformed, expired or wrongly signed bearer token (UNAUTHORIZED, INVALID_TOKEN, TOKEN_EXPIRED), or wrong credentials (INVALID_CREDENTIALS).',
  404: 'No such resource, or an order of another customer (ORDER_NOT_FOUND, PRODUCT_NOT_FOUND, NOT_FOUND).',
  405: 'Method not allowed on this path (METHOD_NOT_ALLOWED).',
  409: 'Conflict with the current state (EMAIL_TAKEN, ORDER_NOT_CANCELLABLE).',
  413: 'Body larger than 64 KB (PAYLOAD_TOO_LARGE).',
  415: 'Body that is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  422: 'Well-formed but refused (UNKNOWN_PRODUCT, IDEMPOTENCY_KEY_REUSED).',
  429: 'Over the rate limit (RATE_LIMITED); see Retry-After.',
  503: 'A dependency the request needs is down: a service or its circuit breaker (SERVICE_UNAVAILABLE), the workflow service (TEMPORAL_UNAVAILABLE), or the product catalog with no copy in the gateway (CATALOG_UNAVAILABLE); try again (an order with the same Idempotency-Key).',
};

const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), {
    description: ERROR_MEANINGS[s],
    content: { 'application/json': { schema: ref('Error') } },
    ...(s === 429 ? { headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } } : {}),
  }]));

const json = (schema: Schema, description: string, headers?: Schema) => ({ description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) });
const body = (schema: z.ZodType, required = true) => ({ required, content: { 'application/json': { schema: input(schema) } } });
const orderIdParam = { name: 'id', in: 'path', required: true, description: 'Order id (32 hex characters).', schema: { type: 'string' } };
const bearer = [{ bearerAuth: [] }];
/** Errors every `/api` route can answer besides its own. */
const EDGE = [400, 429];

const product: Schema = {
  type: 'object',
  required: ['id', 'name', 'description', 'priceCents', 'currency', 'availability'],
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' },
    priceCents: { type: 'integer', description: 'Price in cents, from the products service.' }, currency: { type: 'string' },
    availability: { type: ['integer', 'null'], description: 'Units available now; null when the inventory service did not answer in time.' },
  },
};
const degraded = { type: 'boolean', const: true, description: 'Present when the inventory service did not answer: every availability is null.' };

/** The gateway's OpenAPI 3.1 document: every route, status and the one error shape. */
export function openApiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Durable Commerce API gateway',
      version: '1.0.0',
      description: 'The only entry point of the platform. Commands start or signal Temporal workflows; reads come from the services through circuit breakers. Every error body is `{error: {code, message, requestId}}`.',
    },
    servers: [{ url: 'http://localhost:3000' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA), from POST /api/auth/login' } },
      headers: {
        'Retry-After': { description: 'Seconds until the rate-limit window resets.', schema: { type: 'integer' } },
        'X-Request-Id': { description: 'The request id (the one sent, or a generated one); it also appears in the logs of every workflow activity the request started.', schema: { type: 'string' } },
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
            orderId: { type: 'string' }, customerId: { type: 'string' },
            status: { enum: [...ORDER_STATUSES] }, failureReason: { enum: [...FAILURE_REASONS] },
            items: { type: 'array', items: { type: 'object', required: ['productId', 'quantity', 'unitPriceCents'], properties: { productId: { type: 'string' }, quantity: { type: 'integer' }, unitPriceCents: { type: 'integer' } } } },
            totalCents: { type: 'integer' }, currency: { type: 'string' }, trackingNumber: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        AcceptedOrder: {
          type: 'object', required: ['orderId', 'customerId', 'status'],
          description: 'An order the workflow service holds, whose full record is not to be had yet.',
          properties: {
            orderId: { type: 'string' }, customerId: { type: 'string' },
            status: { enum: [...ORDER_STATUSES], description: 'The status the workflow service knows: PENDING for a new order; the final status of an earlier placement whose order record cannot be read now.' },
          },
        },
        Product: product,
        Health: {
          type: 'object', required: ['status', 'service', 'checks'],
          properties: {
            status: { enum: ['healthy', 'degraded', 'unhealthy'] }, service: { const: 'gateway' },
            timestamp: { type: 'string', format: 'date-time' }, uptimeSeconds: { type: 'integer' },
            checks: {
              type: 'object', description: 'One entry per downstream: temporal, redis and each service.',
              additionalProperties: {
                type: 'object', required: ['status', 'essential', 'latencyMs'],
                properties: { status: { enum: ['healthy', 'degraded', 'unhealthy'] }, essential: { type: 'boolean' }, latencyMs: { type: 'integer' }, error: { type: 'string' } },
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
          responses: { 200: json(ref('Health'), 'Healthy or degraded: orders can be served.'), 503: json(ref('Health'), 'Unhealthy: Temporal, the one downstream order intake needs, is down.') },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { 200: json({ type: 'object' }, 'The OpenAPI 3.1 document.'), ...errorResponses(...EDGE) } },
      },
      '/api/auth/register': {
        post: {
          summary: 'Register a customer (runs the registerUser workflow)',
          requestBody: body(RegisterBody),
          responses: {
            201: json({ type: 'object', required: ['id', 'email', 'name'], properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } }, 'Registered.'),
            202: json({ type: 'object', properties: { registrationId: { type: 'string' }, status: { const: 'PENDING' }, workflowId: { type: 'string' } } }, 'Still running; the workflow id can be followed.'),
            ...errorResponses(...EDGE, 409, 413, 415, 503),
          },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'Exchange email and password for a bearer token (signed by the users service)',
          description: 'Rate-limited per client IP, lower than other routes.',
          requestBody: body(LoginBody),
          responses: {
            200: json({ type: 'object', required: ['token', 'expiresIn'], properties: { token: { type: 'string' }, expiresIn: { type: 'integer', description: 'Seconds.' } } }, 'Signed in.'),
            ...errorResponses(...EDGE, 401, 413, 415, 503),
          },
        },
      },
      '/api/products': {
        get: {
          summary: 'The catalog with availability (product list cached in Redis; availability live)',
          responses: {
            200: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Product') }, degraded } }, 'The catalog.'),
            ...errorResponses(...EDGE, 503),
          },
        },
      },
      '/api/products/{id}': {
        get: {
          summary: 'One product with its availability',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: json({ allOf: [ref('Product'), { type: 'object', properties: { degraded } }] }, 'The product.'),
            ...errorResponses(...EDGE, 404, 503),
          },
        },
      },
      '/api/orders': {
        get: {
          summary: "The caller's orders, newest first",
          security: bearer,
          parameters: Object.entries((input(ListOrdersQuery).properties ?? {}) as Record<string, Schema>).map(([name, schema]) => ({
            name, in: 'query', required: false, schema, description: name === 'limit' ? 'Page size, 1 to 100 (default 20).' : 'The `nextCursor` of the previous page.',
          })),
          responses: {
            200: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Order') }, nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' } } }, 'A page of orders.'),
            ...errorResponses(...EDGE, 401, 503),
          },
        },
        post: {
          summary: 'Place an order (starts the orderCheckout saga); prices come from the catalog, the customer from the token',
          description: 'Rate-limited per customer, lower than other routes. The same Idempotency-Key with the same body answers the same order (also at once, and after it ended); with another body 422 IDEMPOTENCY_KEY_REUSED. Needs the workflow service only: with the orders service, its worker or the other services down the order is still taken (201 or 202). A 503 (TEMPORAL_UNAVAILABLE) means the order may not be taken: send it again with the same key.',
          security: bearer,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' } }],
          requestBody: body(PlaceOrderBody),
          responses: {
            201: json(ref('Order'), 'Placed (or an earlier placement under this key); status PENDING, AWAITING_APPROVAL, CONFIRMED or FAILED.', { Location: { schema: { type: 'string' } } }),
            202: json(ref('AcceptedOrder'), 'Accepted: the order is durably taken and completes when the services it needs are back, but was not priced and reserved within ORDER_PLACEMENT_WAIT (or an earlier placement under this key ended and its record cannot be read now). Follow Location.', { Location: { schema: { type: 'string' } } }),
            ...errorResponses(...EDGE, 401, 413, 415, 422, 503),
          },
        },
      },
      '/api/orders/{id}': {
        get: {
          summary: "One of the caller's orders",
          security: bearer,
          parameters: [orderIdParam],
          responses: { 200: json(ref('Order'), 'The order.'), ...errorResponses(...EDGE, 401, 404, 503) },
        },
      },
      '/api/orders/{id}/cancel': {
        post: {
          summary: "Ask to cancel one of the caller's orders (signals its workflow; refunds and restocks follow)",
          description: 'Ownership and status come from the workflow service (the orders service is asked only when the workflow history is gone), so a cancellation is taken while the orders service is down.',
          security: bearer,
          parameters: [orderIdParam],
          requestBody: body(CancelOrderBody, false),
          responses: {
            202: json({ type: 'object', required: ['orderId', 'status', 'cancellation'], properties: { orderId: { type: 'string' }, status: { enum: [...ORDER_STATUSES] }, cancellation: { const: 'REQUESTED' } } }, 'Cancellation requested.'),
            ...errorResponses(...EDGE, 401, 404, 409, 413, 415, 503),
          },
        },
      },
    },
  };
}
