// Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html): what the gateway's
// streams write, as text. Pure: the route that streams is api/routes/order-stream.ts.

/**
 * Headers of an event stream: its type; no caching, and no transformation (compression) by a proxy on the way; no
 * buffering by nginx (`X-Accel-Buffering`), so each message reaches the browser when it is written.
 */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** One message: `event` names it (a browser's `addEventListener(event)`), `id` is what `Last-Event-ID` sends back. */
export interface SseMessage {
  event?: string;
  id?: string;
  /** The payload; each of its lines becomes one `data:` line. */
  data: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Throws when `value` of `field` would break the message apart (a line break, or NUL in an id, which browsers drop). */
function singleLine(field: string, value: string): string {
  if (LINE_BREAK.test(value) || (field === 'id' && value.includes('\0')))
    throw new Error(`an SSE ${field} must be one line: ${JSON.stringify(value)}`);
  return value;
}

/** The text of one message, ending with the blank line that dispatches it. */
export function sseMessage(message: SseMessage): string {
  const lines = [
    ...(message.id === undefined ? [] : [`id: ${singleLine('id', message.id)}`]),
    ...(message.event === undefined ? [] : [`event: ${singleLine('event', message.event)}`]),
    ...message.data.split(LINE_BREAK).map((line) => `data: ${line}`),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** A comment (ignored by the browser): keeps the connection and every proxy on the way from timing out. */
export const sseComment = (text: string): string =>
  `${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}`)
    .join('\n')}\n\n`;

/** The reconnection delay the browser uses after the connection drops, in ms. */
export const sseRetry = (ms: number): string => {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`an SSE retry is a whole number of ms, got ${ms}`);
  return `retry: ${ms}\n\n`;
};
