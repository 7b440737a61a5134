import { readInterval } from './checkout';

describe('readInterval', () => {
  it('is the poll interval while the pending orders stay under the ceiling of reads per second', () => {
    expect(readInterval(50, 1, 20)).toBe(50);
    expect(readInterval(50, 0, 20)).toBe(50);
  });

  it('stretches so that all pending orders together stay under the ceiling', () => {
    expect(readInterval(50, 10, 20)).toBe(500); // 10 orders × 2 reads/s = 20 reads/s
    expect(readInterval(50, 3, 20)).toBe(150);
  });

  it('is the poll interval without a ceiling', () => {
    expect(readInterval(50, 10, 0)).toBe(50);
  });
});
