import { z } from 'zod';
import { HttpError } from './http-error';

/** Parses `input` (a query, a body) with a zod schema; a failure is 400 VALIDATION_FAILED listing each problem, at the gateway and at every service. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new HttpError(400, 'VALIDATION_FAILED', 'The request is not valid.', details);
}

/** Query of a route that takes no parameters: any parameter is refused. */
export const NoQuery = z.strictObject({});
