import { z } from 'zod';
import { chars, IdempotencyKey, OrdersCursor, PageSize, ProductId, text } from './schemas';

/** Whether `value` matches every `pattern` of `schema`'s JSON Schema (as a JSON Schema validator reads it, with code points). */
function matchesJsonSchema(schema: z.ZodType, value: string): boolean {
  const json = z.toJSONSchema(schema, { io: 'input' }) as { pattern?: string; allOf?: Array<{ pattern: string }> };
  const patterns = [json.pattern, ...(json.allOf ?? []).map((s) => s.pattern)].filter(
    (p): p is string => p !== undefined,
  );
  return patterns.length > 0 && patterns.every((p) => new RegExp(p, 'u').test(value));
}

describe('request schemas: the zod check and the JSON Schema of the document agree', () => {
  it.each([
    ['4 emoji are 4 characters, not 8', chars(1, 4), '😀😀😀😀', true],
    ['5 emoji are more than 4', chars(1, 4), '😀😀😀😀😀', false],
    ['8 code points is a password', chars(8, 256), '😀😀😀😀😀😀😀😀', true],
    ['4 emoji are not 8 characters', chars(8, 256), '😀😀😀😀', false],
    ['a name of spaces only', text(200), '   ', false],
    ['a name with NUL (PostgreSQL cannot store it)', text(200), 'A\u0000da', false],
    ['a payment token with NUL', chars(1, 100), 'tok\u0000', false],
    ['a name with a newline', text(200), 'A\nda', true],
    ['a name of no-break spaces only', text(200), '\u00a0\u2003', false],
    ['an information separator only (white space to Python)', text(200), '\u001c', false],
    ['a name with spaces around', text(200), ' Ada ', true],
    ['201 characters with spaces around', text(200), ` ${'a'.repeat(199)} `, false],
    ['a product id', ProductId, 'sku-ceramic-mug', true],
    ['a product id with a space', ProductId, 'sku ceramic', false],
    ['limit 100', PageSize, '100', true],
    ['limit 101', PageSize, '101', false],
    ['limit 0', PageSize, '0', false],
    ['cursor 0', OrdersCursor, '0', false],
    ['a cursor', OrdersCursor, `1767225600000_${'a'.repeat(32)}`, true],
    ['a key with a space', IdempotencyKey, 'a b', false],
    ['a key of 200 printable characters', IdempotencyKey, '~'.repeat(200), true],
  ])('%s', (_name, schema, value, valid) => {
    expect(schema.safeParse(value).success).toBe(valid);
    expect(matchesJsonSchema(schema, value)).toBe(valid);
  });

  it('trims a name once it is accepted', () => {
    expect(text(200).parse(' Ada ')).toBe('Ada');
  });
});
