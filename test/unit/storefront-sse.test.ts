// The storefront's Server-Sent Events parser (web/src/sse.ts), fed the way a network delivers a stream: in chunks
// that split lines, line ends and UTF-8 characters anywhere.
import { readSse, type SseMessage } from '../../web/src/sse';

/** A byte stream of `chunks` (strings are UTF-8 encoded; arrays are raw bytes). */
const streamOf = (...chunks: (string | number[])[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : Uint8Array.from(chunk));
      controller.close();
    },
  });

async function messages(stream: ReadableStream<Uint8Array>, lastEventId?: string): Promise<SseMessage[]> {
  const seen: SseMessage[] = [];
  for await (const message of readSse(stream, lastEventId)) seen.push(message);
  return seen;
}

/** Every way of cutting `text` in two. */
const cuts = (text: string) => Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);

describe('storefront SSE parser', () => {
  const STREAM =
    ': connected\n\nid: 1\nevent: status\ndata: {"status":"PENDING"}\n\nid: 2\r\nevent: status\r\ndata: {"status":"CONFIRMED"}\r\n\r\n';

  it('yields each event with its name, data and the last id', async () => {
    expect(await messages(streamOf(STREAM))).toEqual([
      { event: 'status', data: '{"status":"PENDING"}', lastEventId: '1' },
      { event: 'status', data: '{"status":"CONFIRMED"}', lastEventId: '2' },
    ]);
  });

  it('gives the same events however the stream is cut into chunks', async () => {
    const whole = await messages(streamOf(STREAM));
    for (const [a, b] of cuts(STREAM)) expect(await messages(streamOf(a, b))).toEqual(whole);
    expect(await messages(streamOf(...STREAM.split('')))).toEqual(whole);
  });

  it('joins data lines with LF, takes a bare CR as a line end, defaults the event to message, keeps retry', async () => {
    expect(await messages(streamOf('data: a\rdata:b\r\rretry: 2500\ndata:  c\n\n'))).toEqual([
      { event: 'message', data: 'a\nb', lastEventId: '' },
      { event: 'message', data: ' c', lastEventId: '', retry: 2500 },
    ]);
  });

  it('keeps a multi-byte character split across chunks, and drops a leading byte order mark', async () => {
    const bytes = [...new TextEncoder().encode('\ufeffdata: café ☕\n\n')];
    const at = bytes.length - 4; // inside ☕
    expect(await messages(streamOf(bytes.slice(0, at), bytes.slice(at)))).toEqual([
      { event: 'message', data: 'café ☕', lastEventId: '' },
    ]);
  });

  it('ignores comments, unknown fields and an event without data; drops an unfinished last event', async () => {
    expect(await messages(streamOf(':ping\n\nfoo: bar\nevent: status\n\nid: 7\nevent: status\ndata: {}'))).toEqual([]);
  });

  it('starts from the given last event id, and ignores an id with a NUL', async () => {
    expect(await messages(streamOf('id: a\0b\ndata: x\n\n'), '41')).toEqual([
      { event: 'message', data: 'x', lastEventId: '41' },
    ]);
  });
});
