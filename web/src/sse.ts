// A Server-Sent Events parser over a fetch() body, so the stream can be opened with an Authorization header (an
// EventSource cannot send one). It follows the WHATWG event-stream rules: UTF-8, CR/LF/CRLF line ends, `:` comments,
// `data` lines joined with LF, an event dispatched at a blank line, `id` kept (Last-Event-ID), `retry` in ms.

/** One dispatched message. */
export interface SseMessage {
  /** `event:` (default `message`). */
  event: string;
  data: string;
  /** The last event id seen so far on this stream (for `Last-Event-ID` on reconnection). */
  lastEventId: string;
  /** The reconnection delay the server asked for, when it sent one. */
  retry?: number;
}

/** Yields the messages of an event stream as they arrive; ends when the stream ends (a partial message is dropped). */
export async function* readSse(body: ReadableStream<Uint8Array>, lastEventId = ''): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let retry: number | undefined;
  let first = true;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (first && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1); // a leading byte order mark is ignored
        first = false;
      }
      for (;;) {
        const end = lineEnd(buffer, done);
        if (!end) break;
        const line = buffer.slice(0, end.at);
        buffer = buffer.slice(end.at + end.length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), lastEventId, retry };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) lastEventId = value;
        else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
      }
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Where the first line of `buffer` ends; a CR at the very end waits for the next chunk (it may be half of a CRLF). */
function lineEnd(buffer: string, done: boolean): { at: number; length: number } | undefined {
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === '\n') return { at: i, length: 1 };
    if (c === '\r') {
      if (i + 1 < buffer.length) return { at: i, length: buffer[i + 1] === '\n' ? 2 : 1 };
      return done ? { at: i, length: 1 } : undefined;
    }
  }
  return undefined;
}
