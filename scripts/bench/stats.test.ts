import { countBy, perSecond, runConcurrently, summarize } from './stats';

describe('summarize', () => {
  it('gives nearest-rank percentiles, max and mean, rounded to 0.1 ms', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(summarize(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('takes the values in any order and a single value as every percentile', () => {
    expect(summarize([30, 10, 20])).toMatchObject({ n: 3, p50: 20, p95: 30, p99: 30, max: 30, mean: 20 });
    expect(summarize([12.345])).toEqual({ n: 1, p50: 12.3, p95: 12.3, p99: 12.3, max: 12.3, mean: 12.3 });
  });

  it('is null for every figure when nothing was measured', () => {
    expect(summarize([])).toEqual({ n: 0, p50: null, p95: null, p99: null, max: null, mean: null });
  });
});

describe('perSecond', () => {
  it('is the rate over the elapsed time, null without one', () => {
    expect(perSecond(50, 2_000)).toBe(25);
    expect(perSecond(1, 3_000)).toBe(0.33);
    expect(perSecond(5, 0)).toBeNull();
  });
});

describe('runConcurrently', () => {
  it('runs every task once, never more than `concurrency` at a time, results in task order', async () => {
    let running = 0;
    let peak = 0;
    const { results, elapsedMs } = await runConcurrently(25, 4, async (i) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running -= 1;
      return i * 2;
    });
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(peak).toBe(4);
    expect(elapsedMs).toBeGreaterThan(0);
  });

  it('does nothing for no tasks', async () => {
    const task = jest.fn(async () => 1);
    expect((await runConcurrently(0, 10, task)).results).toEqual([]);
    expect(task).not.toHaveBeenCalled();
  });
});

describe('countBy', () => {
  it('counts each value', () => {
    expect(countBy([201, 'CONFIRMED', 201, 202, 201])).toEqual({ '201': 3, '202': 1, CONFIRMED: 1 });
    expect(Object.keys(countBy(['FAILED', 'CONFIRMED', 'CONFIRMED']))).toEqual(['CONFIRMED', 'FAILED']);
  });
});
