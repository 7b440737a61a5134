import { formatLogLine, lineSplitter } from './log-format';

describe('formatLogLine', () => {
  it('formats a pino JSON line as time, padded level, message and extra fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2024-05-06T07:08:09.123Z',
      pid: 42,
      hostname: 'h',
      service: 'orders',
      msg: 'worker started',
      taskQueue: 'orders',
      port: 3001,
    });
    expect(formatLogLine(line)).toBe('07:08:09 INFO  worker started {"port":3001}');
  });

  it('omits the extra part when only hidden fields are present, and names other levels', () => {
    expect(formatLogLine(JSON.stringify({ level: 50, time: '2024-05-06T23:59:01.000Z', msg: 'boom' }))).toBe(
      '23:59:01 ERROR boom',
    );
    expect(formatLogLine(JSON.stringify({ level: 40, time: '2024-05-06T00:00:00.000Z', msg: 'careful' }))).toBe(
      '00:00:00 WARN  careful',
    );
  });

  it('passes non-JSON and non-pino lines through unchanged', () => {
    expect(formatLogLine('plain text from redis-server')).toBe('plain text from redis-server');
    expect(formatLogLine('{not json')).toBe('{not json');
    expect(formatLogLine('{"level":30,"no":"msg"}')).toBe('{"level":30,"no":"msg"}');
  });
});

describe('lineSplitter', () => {
  it('joins partial chunks into whole lines and keeps the unfinished tail', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    feed('hel');
    feed(Buffer.from('lo\nwor'));
    expect(lines).toEqual(['hello']);
    feed('ld\r\n\n  \nlast');
    expect(lines).toEqual(['hello', 'world']);
    feed('\n');
    expect(lines).toEqual(['hello', 'world', 'last']);
  });
});
