import { z } from 'zod';
import { HttpError } from './http-error';

/** Parses `input` with a strict zod schema; failures become a 400 listing each problem. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new HttpError(400, 'VALIDATION_FAILED', 'The request is not valid.', details);
}

/** Query of routes that take no parameters: any parameter is refused. */
export const NoQuery = z.strictObject({});
