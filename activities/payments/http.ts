import Router from '@koa/router';
import { z } from 'zod';
import { SERVICE_READ_PATHS } from '../../contracts';
import { Id } from '../../lib/service-api';
import { parseInput } from '../../lib/validation';
import { Charge, Refund } from './entities';
import { toChargeDto, toRefundDto, type PaymentsDeps } from './activities';

/** Query of `GET /charges` and `GET /refunds`: optionally one order's. */
export const PaymentsQuery = z.strictObject({ orderId: Id.optional() });

/** Order and size of a list answer: the newest 100. */
const NEWEST_100 = { orderBy: { createdAt: 'desc' }, limit: 100 } as const;

/** Read API of the payments service: `GET /charges?orderId=` and `GET /refunds?orderId=` (newest 100 first). */
export function createPaymentsRouter({ orm }: Pick<PaymentsDeps, 'orm'>): Router {
  const router = new Router();

  router.get(SERVICE_READ_PATHS.charges, async (ctx) => {
    const { orderId } = parseInput(PaymentsQuery, ctx.query);
    const rows = await orm.em.fork().find(Charge, orderId ? { orderId } : {}, NEWEST_100);
    ctx.body = { items: rows.map(toChargeDto) };
  });

  router.get(SERVICE_READ_PATHS.refunds, async (ctx) => {
    const { orderId } = parseInput(PaymentsQuery, ctx.query);
    const rows = await orm.em.fork().find(Refund, orderId ? { orderId } : {}, NEWEST_100);
    ctx.body = { items: rows.map(toRefundDto) };
  });

  return router;
}
