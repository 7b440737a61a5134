/** One dispatched Server-Sent Events message, as a browser's EventSource sees it. */
export interface SseEvent {
  /** The `id:` it carried, if any (not the inherited last event id). */
  id?: string;
  event: string;
  data: string;
}

/** A stream opened with `openSse`: what arrived so far, and ways to wait for more. */
export interface SseStream {
  status: number;
  headers: Headers;
  /** The JSON body of an answer that is not an event stream (an error). */
  body?: Record<string, unknown>;
  events: SseEvent[];
  /** Comment lines (`: …`), e.g. heartbeats. */
  comments: string[];
  /** The last `retry:` value. */
  retry?: number;
  /** Resolves once at least `count` events arrived (rejects after `timeoutMs`, naming what did arrive). */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Whether the server has ended the stream. */
  readonly isEnded: boolean;
  /** Drops the connection (as a closing browser tab does). */
  close(): void;
}

/**
 * Opens `url` as an event stream with a real HTTP client (fetch) and parses what arrives the way the HTML standard's
 * EventSource does: `field: value` lines, a blank line dispatches, `:` starts a comment.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => [...waiters].forEach((w) => w());
  let isEnded = false;
  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    waitForEvents: (count, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) done(() => resolve(events.slice()));
          else if (isEnded) done(() => reject(new Error(`stream ended after ${JSON.stringify(events)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${count} events in ${timeoutMs} ms: ${JSON.stringify(events)}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
    ended: Promise.resolve(),
    get isEnded() {
      return isEnded;
    },
    close: () => abort.abort(),
  };
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await res.text();
    stream.body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    isEnded = true;
    return stream;
  }

  let pending = { data: [] as string[], event: '', id: undefined as string | undefined };
  const line = (text: string) => {
    if (text === '') {
      if (pending.data.length > 0)
        events.push({
          ...(pending.id === undefined ? {} : { id: pending.id }),
          event: pending.event || 'message',
          data: pending.data.join('\n'),
        });
      pending = { data: [], event: '', id: undefined };
      return;
    }
    if (text.startsWith(':')) return void comments.push(text.slice(1).trim());
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') pending.data.push(value);
    else if (field === 'event') pending.event = value;
    else if (field === 'id') pending.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) stream.retry = Number(value);
  };
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let rest = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const lines = (rest + decoder.decode(chunk, { stream: true })).split(/\r\n|\r|\n/);
        rest = lines.pop() ?? '';
        lines.forEach(line);
        notify();
      }
    } catch {
      // aborted by close()
    } finally {
      isEnded = true;
      notify();
    }
  })();
  return stream;
}
