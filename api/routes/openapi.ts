import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';
import { NoQuery, parseInput } from '../../lib/validation';

/** `GET /api/openapi.json`: the gateway's OpenAPI 3.1 document. */
export function openApiRoutes(): Router {
  const router = new Router();
  const document = openApiDocument();
  router.get('/api/openapi.json', (ctx) => {
    parseInput(NoQuery, ctx.query);
    ctx.body = document;
  });
  return router;
}
