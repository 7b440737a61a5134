import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { z } from 'zod';
import { PAYMENT_TEST_TOKENS } from '../../contracts';
import { ProviderStore, providerId, type StoredAnswer } from './store';

const chargeBody = z.object({
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
  token: z.string().min(1),
});
const refundBody = z.object({ chargeId: z.string().min(1), amountCents: z.number().int().positive() });
const latencyBody = z.object({ ms: z.number().int().min(0).max(60_000) });

/** Routes whose answers the latency control (`PUT /sandbox/latency`) delays. */
const DELAYED_ROUTES = new Set(['POST /v1/charges', 'POST /v1/refunds']);

/** Attempts of `tok_flaky` (charges) and `tok_refund_flaky` (refunds) answered with 503 before they succeed. */
export const FLAKY_FAILURES = 2;

const fail = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

function send(ctx: Context, answer: { status: number; body: unknown }) {
  ctx.status = answer.status;
  ctx.body = answer.body;
}

/** The `Idempotency-Key` header, or a 400 answer when missing. */
function idempotencyKey(ctx: Context): string | undefined {
  const key = ctx.get('Idempotency-Key').trim();
  if (!key) send(ctx, fail(400, 'missing_idempotency_key', 'The Idempotency-Key header is required.'));
  return key || undefined;
}

/** Parses the body with `schema`, or answers 400. */
function parseBody<T>(ctx: Context, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(ctx.request.body);
  if (!parsed.success)
    send(
      ctx,
      fail(400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')),
    );
  return parsed.success ? parsed.data : undefined;
}

/** Replays the answer stored under the key (422 when the body differs); returns true when it answered. */
function replay(ctx: Context, stored: StoredAnswer | undefined, fingerprint: string): boolean {
  if (!stored) return false;
  if (stored.fingerprint !== fingerprint)
    send(ctx, fail(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different body.'));
  else send(ctx, stored);
  return true;
}

/** Holds the request open until the client gives up or the server closes its connection (`tok_unavailable`). */
async function hold(ctx: Context): Promise<void> {
  ctx.respond = false;
  await new Promise<void>((resolve) => {
    if (ctx.res.destroyed || ctx.res.writableEnded) return resolve();
    ctx.res.once('close', () => resolve());
  });
}

/** The payment provider sandbox (in-memory, test tokens, a latency control); never listens, so tests use `app.callback()`. */
export function createPaymentProviderApp(store = new ProviderStore()): Koa {
  const app = new Koa();
  const router = new Router();

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  // Test control: every charge and refund answer is held back `ms` after it is decided (the chaos suite's slow provider).
  let latencyMs = 0;
  router.get('/sandbox/latency', (ctx) => {
    ctx.body = { ms: latencyMs };
  });
  router.put('/sandbox/latency', (ctx) => {
    const body = parseBody(ctx, latencyBody);
    if (!body) return;
    latencyMs = body.ms;
    ctx.body = { ms: latencyMs };
  });

  router.post('/v1/charges', async (ctx) => {
    const key = idempotencyKey(ctx);
    const body = key && parseBody(ctx, chargeBody);
    if (!key || !body) return;
    const fingerprint = JSON.stringify([body.amountCents, body.currency, body.token]);
    if (replay(ctx, store.answer('charge', key), fingerprint)) return;
    switch (body.token) {
      case PAYMENT_TEST_TOKENS.ok:
      case PAYMENT_TEST_TOKENS.refundFlaky:
        break;
      case PAYMENT_TEST_TOKENS.flaky:
        if (store.attempt('charge', key) <= FLAKY_FAILURES)
          return send(ctx, fail(503, 'temporarily_unavailable', 'Try again later.'));
        break;
      case PAYMENT_TEST_TOKENS.unavailable:
        return hold(ctx);
      case PAYMENT_TEST_TOKENS.decline:
        return send(
          ctx,
          store.remember('charge', key, { ...fail(402, 'card_declined', 'The card was declined.'), fingerprint }),
        );
      default:
        return send(
          ctx,
          store.remember('charge', key, { ...fail(402, 'invalid_token', 'Unknown payment token.'), fingerprint }),
        );
    }
    const charge = {
      id: providerId('ch'),
      idempotencyKey: key,
      token: body.token,
      status: 'succeeded' as const,
      amountCents: body.amountCents,
      currency: body.currency,
      createdAt: new Date().toISOString(),
    };
    store.charges.set(charge.id, charge);
    send(ctx, store.remember('charge', key, { status: 201, body: charge, fingerprint }));
  });

  router.post('/v1/refunds', async (ctx) => {
    const key = idempotencyKey(ctx);
    const body = key && parseBody(ctx, refundBody);
    if (!key || !body) return;
    const fingerprint = JSON.stringify([body.chargeId, body.amountCents]);
    if (replay(ctx, store.answer('refund', key), fingerprint)) return;
    const charged = store.charges.get(body.chargeId);
    if (!charged) return send(ctx, fail(404, 'charge_not_found', `No charge ${body.chargeId}.`));
    if (charged.token === PAYMENT_TEST_TOKENS.refundFlaky && store.attempt('refund', key) <= FLAKY_FAILURES) {
      return send(ctx, fail(503, 'temporarily_unavailable', 'Try again later.'));
    }
    const refund = {
      id: providerId('re'),
      chargeId: body.chargeId,
      amountCents: body.amountCents,
      createdAt: new Date().toISOString(),
    };
    store.refunds.set(refund.id, refund);
    send(ctx, store.remember('refund', key, { status: 201, body: refund, fingerprint }));
  });

  router.get('/v1/charges', (ctx) => {
    const key = typeof ctx.query.idempotencyKey === 'string' ? ctx.query.idempotencyKey : undefined;
    ctx.body = { items: [...store.charges.values()].filter((c) => key === undefined || c.idempotencyKey === key) };
  });

  router.get('/v1/refunds', (ctx) => {
    ctx.body = { items: [...store.refunds.values()] };
  });

  router.get('/v1/charges/:id', (ctx) => {
    const charge = store.charges.get(ctx.params.id);
    if (!charge) return send(ctx, fail(404, 'charge_not_found', `No charge ${ctx.params.id}.`));
    ctx.body = charge;
  });

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.respond !== false && ctx.status === 404 && ctx.body === undefined)
        send(ctx, fail(404, 'not_found', `No route for ${ctx.method} ${ctx.path}`));
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      send(
        ctx,
        fail(
          status,
          status < 500 ? 'invalid_request' : 'internal_error',
          status < 500 ? (err as Error).message : 'Internal error.',
        ),
      );
      if (status >= 500) app.emit('error', err, ctx);
    }
  });
  app.use(async (ctx, next) => {
    await next();
    if (latencyMs > 0 && ctx.respond !== false && DELAYED_ROUTES.has(`${ctx.method} ${ctx.path}`))
      await new Promise((r) => setTimeout(r, latencyMs));
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
