import { computeRatios, ratio, verdict, type RatioInputs } from './ratios';

const byId = (inputs: RatioInputs) => Object.fromEntries(computeRatios(inputs).map((c) => [c.id, c]));

describe('verdict', () => {
  it('is PASS within the target, MISS outside, n/a without a figure', () => {
    expect(verdict(3, { op: '<=', limit: 3 })).toBe('PASS');
    expect(verdict(3.01, { op: '<=', limit: 3 })).toBe('MISS');
    expect(verdict(0.3, { op: '>=', limit: 0.3 })).toBe('PASS');
    expect(verdict(0.29, { op: '>=', limit: 0.3 })).toBe('MISS');
    expect(verdict(20, { op: '<', limit: 20 })).toBe('MISS');
    expect(verdict(19.9, { op: '<', limit: 20 })).toBe('PASS');
    expect(verdict(null, { op: '<=', limit: 3 })).toBe('n/a');
    expect(verdict(Number.NaN, { op: '<=', limit: 3 })).toBe('n/a');
  });
});

describe('ratio', () => {
  it('divides and rounds to 0.01, null when a side is missing or the divisor is not positive', () => {
    expect(ratio(100, 30)).toBe(3.33);
    expect(ratio(undefined, 30)).toBeNull();
    expect(ratio(100, 0)).toBeNull();
    expect(ratio(100, -5)).toBeNull();
  });
});

describe('computeRatios', () => {
  const run: RatioInputs = {
    emptyP50: 20,
    oneHopP50: 50,
    emptyPerSecondC10: 100,
    placementP50: 70,
    confirmedP50: 150,
    confirmedPerSecondC10: 25,
    stackRssBytes: 1.3e9,
    ordersPlaced: 140,
    readPath: [
      { route: 'GET /api/openapi.json', ratio: 0.4, p99Ms: 30 },
      { route: 'GET /api/products', ratio: 0.1, p99Ms: 12 },
    ],
  };

  it('computes R0, R1, hops, R2 and memory from the issue formulas, each against its target', () => {
    const r = byId(run);
    expect(r.R0).toMatchObject({ value: 3.5, targetText: '≤ 3', verdict: 'MISS' });
    expect(r.R1).toMatchObject({ value: 7.5, targetText: '≤ 5', verdict: 'MISS' });
    expect(r.hops).toMatchObject({ value: 4.33, targetText: '≤ 3', verdict: 'MISS' }); // (150-20)/(50-20)
    expect(r.R2).toMatchObject({ value: 0.25, targetText: '≥ 0.3', verdict: 'MISS' });
    expect(r.memory).toMatchObject({ value: 1.3, targetText: '≤ 1.2', verdict: 'MISS' });
    expect(r.memory!.note).toContain('140 orders');
  });

  it('passes a run within every target', () => {
    const r = byId({ ...run, placementP50: 60, confirmedP50: 100, confirmedPerSecondC10: 30, stackRssBytes: 9e8 });
    expect([r.R0, r.R1, r.hops, r.R2, r.memory].map((c) => c!.verdict)).toEqual([
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
    ]);
  });

  it('checks the read path: openapi against 0.3, the product routes against 0.15 and p99 < 20 ms', () => {
    const r = byId(run);
    expect(r['read GET /api/openapi.json']).toMatchObject({ value: 0.4, targetText: '≥ 0.3', verdict: 'PASS' });
    expect(r['p99 GET /api/openapi.json']).toBeUndefined();
    expect(r['read GET /api/products']).toMatchObject({ value: 0.1, targetText: '≥ 0.15', verdict: 'MISS' });
    expect(r['p99 GET /api/products']).toMatchObject({ value: 12, targetText: '< 20', verdict: 'PASS' });
  });

  it('says n/a for what a skipped part did not measure, and for hops when one hop costs nothing', () => {
    const r = byId({ placementP50: 70, confirmedP50: 150, emptyP50: 20, oneHopP50: 20 });
    expect(r.hops!.verdict).toBe('n/a');
    expect(r.R2!.verdict).toBe('n/a');
    expect(r.memory!.verdict).toBe('n/a');
    expect(byId({}).R0!.verdict).toBe('n/a');
  });
});
