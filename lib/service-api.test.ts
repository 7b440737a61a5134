import { z } from 'zod';
import { HttpError } from './http-error';
import { found, Id, notFound, oneOrMany, parseId, Text, unauthorized } from './service-api';
import { NoQuery, parseInput } from './validation';

/** The error `fn` throws (the test fails if it returns). */
const thrown = (fn: () => unknown): HttpError => {
  try {
    fn();
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected a throw');
};

describe('Id', () => {
  it.each(['sku-ceramic-mug', 'a'.repeat(128), '0f3c6c0e-1b2a-4c1d-9e8f-0a1b2c3d4e5f', 'test-1:charge'])(
    'accepts %s',
    (id) => {
      expect(Id.safeParse(id).success).toBe(true);
    },
  );
  it.each(['', 'a'.repeat(129), 'a\u0000b', 'with space', 'tab\there', 'ümlaut', 'line\nbreak'])('refuses %j', (id) => {
    expect(Id.safeParse(id).success).toBe(false);
  });
});

describe('Text', () => {
  it('takes any text without control characters, 1 to 320 long', () => {
    expect(Text.safeParse('Ada Lovelace <ada@example.com> ü 💩').success).toBe(true);
    for (const bad of ['', 'a\u0000', 'a\u007f', 'x'.repeat(321)])
      expect([bad.slice(0, 5), Text.safeParse(bad).success]).toEqual([bad.slice(0, 5), false]);
  });
});

describe('oneOrMany', () => {
  const ids = oneOrMany(Id, 2);
  it('turns one value into a list, keeps a list, and refuses too many or a bad one', () => {
    expect(ids.parse('a')).toEqual(['a']);
    expect(ids.parse(['a', 'b'])).toEqual(['a', 'b']);
    expect(ids.safeParse(['a', 'b', 'c']).success).toBe(false);
    expect(ids.safeParse(['a', 'b c']).success).toBe(false);
  });
});

describe('parseInput', () => {
  it('returns the parsed value, or throws 400 VALIDATION_FAILED naming each problem', () => {
    const Query = z.strictObject({ limit: z.string().regex(/^\d+$/).transform(Number) });
    expect(parseInput(Query, { limit: '5' })).toEqual({ limit: 5 });
    const err = thrown(() => parseInput(Query, { limit: 'x', other: '1' }));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'The request is not valid.' });
    expect((err.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['', 'limit']);
    expect(thrown(() => parseInput(NoQuery, { a: '1' }))).toMatchObject({ status: 400 });
  });
});

describe('parseId, found and notFound', () => {
  const NOT_FOUND = { status: 404, code: 'NOT_FOUND', message: 'user not found' };

  it('a malformed id is 404 NOT_FOUND, without echoing it', () => {
    const uuid = '0f3c6c0e-1b2a-4c1d-9e8f-0a1b2c3d4e5f';
    expect(parseId(z.guid(), uuid, 'user')).toBe(uuid);
    expect(thrown(() => parseId(z.guid(), "x'; drop table", 'user'))).toMatchObject(NOT_FOUND);
    expect(notFound('order')).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'order not found' });
  });

  it('a missing row is the same 404 as a malformed id; a found one is returned', () => {
    const row = { id: 'a' };
    expect(found(row, 'user')).toBe(row);
    expect(found(0, 'user')).toBe(0);
    expect(thrown(() => found(null, 'user'))).toMatchObject(NOT_FOUND);
    expect(thrown(() => found(undefined, 'user'))).toEqual(thrown(() => parseId(z.guid(), 'x', 'user')));
  });
});

describe('unauthorized', () => {
  it("is a 401 with the route's own code and message", () => {
    const err = unauthorized('INVALID_CREDENTIALS', 'Email or password is wrong.');
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' });
  });
});
