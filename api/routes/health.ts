import Router from '@koa/router';

/** `GET /health`: the gateway process is alive. */
export function healthRoutes(): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', service: 'gateway' };
  });
  return router;
}
