import Router from '@koa/router';
import { NoQuery, parseInput } from '../../lib/validation';
import { checkDownstreams, overallHealth, type HealthDeps } from '../services/downstream-health';

/**
 * `GET /health`: each downstream (Temporal, Redis, every service) as healthy, degraded or unhealthy; 200 while the
 * gateway can serve orders (healthy or degraded), 503 when it cannot.
 */
export function healthRoutes(deps: HealthDeps & { breakers?: () => Record<string, string> }): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    parseInput(NoQuery, ctx.query);
    const checks = await checkDownstreams(deps);
    const status = overallHealth(checks);
    ctx.status = status === 'unhealthy' ? 503 : 200;
    ctx.body = {
      status,
      service: 'gateway',
      timestamp: new Date().toISOString(),
      uptimeSeconds: Math.round(process.uptime()),
      checks,
      ...(deps.breakers ? { circuitBreakers: deps.breakers() } : {}),
    };
  });
  return router;
}
