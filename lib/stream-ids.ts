// Redis stream entry ids (`<ms>-<seq>`, both unsigned 64-bit): parsing, ordering and neighbours, for the gateway's
// order stream (Last-Event-ID), the event consumers and `npm run events`; and the flat pair lists Redis answers.

/** A stream entry id as Redis writes it: `<milliseconds>-<sequence>`. */
export const STREAM_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

const MAX_PART = 18_446_744_073_709_551_615n; // 2^64 - 1, the largest value of either part

/** The two parts of `id`, or undefined when it is not a stream entry id (wrong shape, or a part over 2^64 - 1). */
export function parseStreamId(id: string): [bigint, bigint] | undefined {
  if (!STREAM_ID_PATTERN.test(id)) return undefined;
  const [ms, seq] = id.split('-').map(BigInt) as [bigint, bigint];
  return ms > MAX_PART || seq > MAX_PART ? undefined : [ms, seq];
}

/** True when `id` is a stream entry id. */
export const isStreamId = (id: string): boolean => parseStreamId(id) !== undefined;

const parts = (id: string): [bigint, bigint] => {
  const parsed = parseStreamId(id);
  if (!parsed) throw new Error(`not a stream entry id: ${id}`);
  return parsed;
};

/** Negative, zero or positive as `a` is before, equal to or after `b` in a stream (throws on a malformed id). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = parts(a);
  const [bm, bs] = parts(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The id just before `id` (`5-0` → `4-18446744073709551615`); `0-0` has none and stays `0-0`. */
export function previousStreamId(id: string): string {
  const [ms, seq] = parts(id);
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  return ms > 0n ? `${ms - 1n}-${MAX_PART}` : '0-0';
}

/** An entry as ioredis answers XRANGE, XREAD and XREADGROUP: its id and the flat field, value, field, value… list. */
export type RawStreamEntry = [id: string, fields: string[]];

/** The value after `name` in a flat name, value, name, value… list (a stream entry's fields, an XINFO reply). */
export function pairValue<T>(pairs: readonly T[], name: string): T | undefined {
  for (let i = 0; i + 1 < pairs.length; i += 2) if (String(pairs[i]) === name) return pairs[i + 1];
  return undefined;
}
