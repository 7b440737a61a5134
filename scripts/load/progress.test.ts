import { progressLine, ratePerSecond } from './progress';

describe('load progress', () => {
  it('prints the counts and the confirmed rate on one plain line', () => {
    expect(progressLine({ placed: 15, settled: 12, confirmed: 11, failed: 1 }, 40, 4000)).toBe(
      '  12/40 settled · placed 15 · confirmed 11 · failed 1 · 2.8 confirmed/s',
    );
    expect(ratePerSecond(3, 0)).toBe('0.0');
  });
});
