import Koa from 'koa';
import { metricsRoute } from '../lib/metrics';

/** The gateway's metrics listener (GATEWAY_METRICS_PORT): `GET /metrics` and nothing else, 404 for any other path. */
export function metricsApp(): Koa {
  const app = new Koa();
  app.use(metricsRoute());
  return app;
}
