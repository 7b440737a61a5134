import pino from 'pino';
import { dependencyOutages } from './dependency-outage';

/** A pino logger at debug whose lines the test reads back, parsed. */
function capture() {
  const lines: Array<Record<string, unknown> & { level: number; msg: string }> = [];
  return { lines, logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

describe('dependencyOutages', () => {
  it('one WARN when a dependency goes down (with the reason, no stack) and one INFO when it is back, however often it is told', () => {
    const { lines, logger } = capture();
    const outage = dependencyOutages(logger)('orders');
    outage.down(new Error('connect ECONNREFUSED 127.0.0.1:3001'));
    outage.down(new Error('circuit open: failing fast'));
    outage.down('no answer within 1500 ms');
    expect(outage.isDown).toBe(true);
    outage.back();
    outage.back();
    expect(outage.isDown).toBe(false);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        dependency: 'orders',
        reason: 'connect ECONNREFUSED 127.0.0.1:3001',
        msg: 'orders unavailable',
      }),
      expect.objectContaining({ level: 30, dependency: 'orders', msg: 'orders available again' }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\bat .*\.(ts|js)/);
  });

  it('a second outage is a second pair of lines', () => {
    const { lines, logger } = capture();
    const outage = dependencyOutages(logger)('temporal');
    for (let n = 0; n < 2; n++) {
      outage.down('14 UNAVAILABLE');
      outage.back();
    }
    expect(lines.map((l) => l.level)).toEqual([40, 30, 40, 30]);
  });

  it('every user of one dependency shares its state (the first caller names the lines); other dependencies are separate', () => {
    const { lines, logger } = capture();
    const outages = dependencyOutages(logger);
    const limiter = outages('redis', { down: 'Redis unreachable: limits in memory', back: 'Redis reachable again' });
    const cache = outages('redis');
    limiter.down(new Error('ECONNREFUSED'));
    cache.down(new Error('ECONNREFUSED'));
    outages('products').down('HTTP 503');
    cache.back();
    limiter.back();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'Redis unreachable: limits in memory'],
      [40, 'products unavailable'],
      [30, 'Redis reachable again'],
    ]);
  });
});
