import { LoadUsageError, parseLoadOptions } from './options';

describe('parseLoadOptions', () => {
  it('has defaults for everything', () => {
    expect(parseLoadOptions([], '/repo')).toEqual({
      orders: 200,
      concurrency: 10,
      gateway: undefined,
      ordersService: undefined,
      token: 'tok_ok',
      settleTimeoutMs: 60_000,
      reportDir: '/repo/load/results',
      help: false,
    });
  });

  it('reads every option', () => {
    const o = parseLoadOptions(
      ['--orders', '5', '--concurrency', '2', '--gateway', 'http://h:1/', '--settle-timeout', '9', '--help'],
      '/repo',
    );
    expect(o).toMatchObject({ orders: 5, concurrency: 2, gateway: 'http://h:1', settleTimeoutMs: 9_000, help: true });
  });

  it.each([
    [['--orders', 'abc'], '--orders: "abc" is not a positive whole number'],
    [['--concurrency', '0'], '--concurrency: "0" is not a positive whole number'],
    [['--gateway', 'not a url'], '--gateway: "not a url" is not a URL'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a usage error that names the option', (argv, message) => {
    expect(() => parseLoadOptions(argv, '/repo')).toThrow(LoadUsageError);
    expect(() => parseLoadOptions(argv, '/repo')).toThrow(message);
  });
});
