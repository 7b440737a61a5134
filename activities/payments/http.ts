import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import { z } from 'zod';
import { Id } from '../../lib/service-api';
import { parseInput } from '../../lib/validation';
import { Charge, Refund } from './entities';
import { toChargeDto, toRefundDto } from './activities';
import { SERVICE_READ_PATHS } from '../../contracts';

/** Query of `GET /charges` and `GET /refunds`: optionally one order's. */
export const PaymentsQuery = z.strictObject({ orderId: Id.optional() });

/** Read API of the payments service: `GET /charges?orderId=` and `GET /refunds?orderId=` (newest 100 first). */
export function createPaymentsRouter({ orm }: { orm: MikroORM }): Router {
  const router = new Router();
  router.get(SERVICE_READ_PATHS.charges, async (ctx) => {
    const { orderId } = parseInput(PaymentsQuery, ctx.query);
    const rows = await orm.em.fork().find(Charge, orderId ? { orderId } : {}, { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toChargeDto) };
  });
  router.get(SERVICE_READ_PATHS.refunds, async (ctx) => {
    const { orderId } = parseInput(PaymentsQuery, ctx.query);
    const rows = await orm.em.fork().find(Refund, orderId ? { orderId } : {}, { orderBy: { createdAt: 'desc' }, limit: 100 });
    ctx.body = { items: rows.map(toRefundDto) };
  });
  return router;
}
