import path from 'node:path';
import { BenchUsageError, parseBenchOptions } from './options';

const defaults = { gatewayPort: 3000, root: '/repo' };

describe('parseBenchOptions', () => {
  it('has defaults that keep a run short, against the configured gateway port', () => {
    expect(parseBenchOptions([], defaults)).toEqual({
      gateway: 'http://127.0.0.1:3000',
      concurrentOrders: 100,
      serialOrders: 40,
      floorRuns: 100,
      customers: 18,
      pollMs: 50,
      maxReads: 20,
      settleTimeoutMs: 60_000,
      readSeconds: 5,
      readConnections: 10,
      jsonDir: path.join('/repo', 'bench', 'results'),
      skipFloor: false,
      skipCheckout: false,
      skipGateway: false,
      help: false,
    });
    expect(parseBenchOptions([], { ...defaults, gatewayPort: 9000 }).gateway).toBe('http://127.0.0.1:9000');
  });

  it('reads every option', () => {
    const o = parseBenchOptions(
      [
        '--gateway',
        'http://localhost:9000/',
        '--orders',
        '1000',
        '--serial-orders=0',
        '--floor',
        '20',
        '--customers',
        '30',
        '--poll-ms',
        '25',
        '--max-reads',
        '0',
        '--settle-timeout',
        '90',
        '--read-seconds',
        '3',
        '--read-connections',
        '20',
        '--json-dir',
        'out',
        '--skip-floor',
        '--skip-checkout',
        '--skip-gateway',
      ],
      defaults,
    );
    expect(o).toMatchObject({
      gateway: 'http://localhost:9000',
      concurrentOrders: 1000,
      serialOrders: 0,
      floorRuns: 20,
      customers: 30,
      pollMs: 25,
      maxReads: 0,
      settleTimeoutMs: 90_000,
      readSeconds: 3,
      readConnections: 20,
      jsonDir: path.join('/repo', 'out'),
      skipFloor: true,
      skipCheckout: true,
      skipGateway: true,
    });
    expect(parseBenchOptions(['--json-dir', '/tmp/b'], defaults).jsonDir).toBe('/tmp/b');
    expect(parseBenchOptions(['-h'], defaults).help).toBe(true);
  });

  it.each([
    [['--orders', '-1'], /--orders/],
    [['--orders', '1.5'], /--orders/],
    [['--floor', '0'], /--floor/],
    [['--poll-ms', 'fast'], /--poll-ms/],
    [['--customers', '0'], /--customers/],
    [['--gateway', 'localhost:3000'], /--gateway/],
    [['--gateway', 'http://127.0.0.1:3000/api'], /--gateway/],
    [['--nope'], /nope/],
    [['--orders'], /orders/],
    [['positional'], /positional/],
  ])('refuses %j with a BenchUsageError naming the problem', (argv, message) => {
    expect(() => parseBenchOptions(argv, defaults)).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(argv, defaults)).toThrow(message);
  });
});
