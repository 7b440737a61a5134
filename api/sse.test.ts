import { SSE_HEADERS, sseComment, sseMessage, sseRetry } from './sse';

describe('Server-Sent Events format', () => {
  it('writes id, event and data lines, ended by a blank line', () => {
    expect(sseMessage({ id: '1700000000000-0', event: 'status', data: '{"status":"CONFIRMED"}' })).toBe(
      'id: 1700000000000-0\nevent: status\ndata: {"status":"CONFIRMED"}\n\n',
    );
    expect(sseMessage({ data: 'x' })).toBe('data: x\n\n');
  });

  it('splits multi-line data into one data line each (any line break)', () => {
    expect(sseMessage({ event: 'note', data: 'a\nb\r\nc\rd' })).toBe(
      'event: note\ndata: a\ndata: b\ndata: c\ndata: d\n\n',
    );
    expect(sseMessage({ data: '' })).toBe('data: \n\n');
  });

  it('refuses an id or event name that would break the message', () => {
    expect(() => sseMessage({ id: 'a\nb', data: '' })).toThrow('one line');
    expect(() => sseMessage({ event: 'a\rb', data: '' })).toThrow('one line');
    expect(() => sseMessage({ id: 'a\0', data: '' })).toThrow('one line');
  });

  it('writes comments and the retry hint', () => {
    expect(sseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(sseComment('a\nb')).toBe(': a\n: b\n\n');
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
    expect(() => sseRetry(1.5)).toThrow('whole number');
  });

  it('names the event-stream type and turns caching, proxy compression and nginx buffering off', () => {
    expect(SSE_HEADERS).toEqual({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
  });
});
