import { ChaosUsageError, parseChaosOptions } from './options';

describe('parseChaosOptions', () => {
  it('has defaults for a 100-order run against the running stack', () => {
    const o = parseChaosOptions([], 1234);
    expect(o).toMatchObject({
      orders: 100,
      concurrency: 8,
      start: false,
      offset: 20_000,
      dataDir: '.data/chaos-stack',
      seed: 1234,
      workerKills: 2,
      pauseMs: 15_000,
      ci: false,
    });
    expect(o.windowMs).toBe(120_000); // 1.2 s per order
    expect(parseChaosOptions(['--orders', '10']).windowMs).toBe(60_000); // at least a minute
  });

  it('--ci is the short scenario, and flags given win over it', () => {
    expect(parseChaosOptions(['--ci'])).toMatchObject({ orders: 40, workerKills: 1, windowMs: 60_000, ci: true });
    expect(parseChaosOptions(['--ci', '--orders', '50', '--worker-kills', '3'])).toMatchObject({
      orders: 50,
      workerKills: 3,
    });
  });

  it('reads seconds as milliseconds and ratios as shares', () => {
    const o = parseChaosOptions([
      '--start',
      '--seed',
      '7',
      '--pause',
      '20',
      '--settle-timeout',
      '30',
      '--cancel-ratio',
      '0',
      '--ship-ratio',
      '1',
    ]);
    expect(o).toMatchObject({
      start: true,
      seed: 7,
      pauseMs: 20_000,
      settleTimeoutMs: 30_000,
      cancelRatio: 0,
      shipRatio: 1,
    });
  });

  it('refuses bad values and unknown flags', () => {
    expect(() => parseChaosOptions(['--orders', '0'])).toThrow(ChaosUsageError);
    expect(() => parseChaosOptions(['--orders', 'ten'])).toThrow('--orders');
    expect(() => parseChaosOptions(['--cancel-ratio', '1.5'])).toThrow('--cancel-ratio');
    expect(() => parseChaosOptions(['--explode'])).toThrow();
  });
});
