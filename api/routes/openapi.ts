import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';
import { NoQuery, validate } from '../validate';

/** `GET /api/openapi.json`: the gateway's OpenAPI 3.1 document. */
export function openApiRoutes(): Router {
  const router = new Router();
  const document = openApiDocument();
  router.get('/api/openapi.json', (ctx) => {
    validate(NoQuery, ctx.query);
    ctx.body = document;
  });
  return router;
}
