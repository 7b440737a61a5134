import { backoffMs, isFinalAnswer, isRetryable } from './retry-policy';

describe('retry policy', () => {
  it('retries no answer, 5xx and 429, and settles on 2xx and business 4xx', () => {
    for (const s of ['network-error', 'timeout', 500, 502, 503, 504, 429] as const) expect(isRetryable(s)).toBe(true);
    for (const s of [200, 201, 202, 400, 401, 404, 409, 422]) expect(isFinalAnswer(s)).toBe(true);
  });

  it('backs off exponentially with jitter up to 8 s, and honours Retry-After up to 30 s', () => {
    expect(backoffMs(1, 0)).toBe(125);
    expect(backoffMs(1, 0.999)).toBeLessThanOrEqual(250);
    expect(backoffMs(3, 0.5)).toBe(750);
    expect(backoffMs(20, 0.999)).toBeLessThanOrEqual(8_000);
    expect(backoffMs(1, 0.5, 4)).toBe(4_000);
    expect(backoffMs(1, 0.5, 600)).toBe(30_000);
    expect(backoffMs(2, 0, Number.NaN)).toBe(250);
  });
});
