import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { EVENT_STREAMS, ORDER_STREAM_EVENTS, type OrderDto, type OrderStreamStatus } from '../../contracts';
import type { Logger } from '../../lib/logger';
import { compareStreamIds, STREAM_ID_PATTERN } from '../../lib/stream-ids';
import { parseInput } from '../../lib/validation';
import { HttpError } from '../http-error';
import { SSE_HEADERS, sseComment, sseMessage, sseRetry } from '../sse';
import { readEntriesOf, type OrderEventFeed, type OrderStreamEntry } from '../services/order-event-tail';
import { snapshotStatus, StatusGate, statusOfEvent } from '../services/order-status';

/** The `Last-Event-ID` a reconnecting EventSource sends: the `id:` of the last message it got, a stream entry id. */
export const LastEventId = z.string().regex(STREAM_ID_PATTERN, 'the id of a message of this stream (<ms>-<seq>)');

/** The reconnection delay the stream asks browsers for (`retry:`), in ms. */
export const ORDER_STREAM_RETRY_MS = 3_000;

/** What `GET /api/orders/:id/stream` needs. */
export interface OrderStreamDeps {
  /** The process's live order events (its OrderEventTail). */
  feed: OrderEventFeed;
  /** A connection that does not block (the gateway's): a reconnecting stream reads what it missed with XRANGE. */
  redis: Pick<Redis, 'xrange'>;
  /** Gap between two heartbeat comments, in ms (`SSE_HEARTBEAT`). */
  heartbeatMs: number;
  /** The `retry:` hint, in ms (default ORDER_STREAM_RETRY_MS). */
  retryMs?: number;
  logger?: Pick<Logger, 'debug'>;
}

/** Reads the Last-Event-ID header: undefined when absent, 400 VALIDATION_FAILED when it is no id this stream sends. */
function lastEventIdOf(ctx: Context): string | undefined {
  const header = ctx.get('Last-Event-ID');
  if (header === '') return undefined;
  return parseInput(z.object({ 'Last-Event-ID': LastEventId }), { 'Last-Event-ID': header })['Last-Event-ID'];
}

const statusMessage = (status: OrderStreamStatus, id?: string) =>
  sseMessage({ id, event: ORDER_STREAM_EVENTS.status, data: JSON.stringify(status) });

/**
 * Answers `GET /api/orders/:id/stream` (Server-Sent Events) once the caller is known: `readOrder` reads the order and
 * refuses another customer's (404) before anything is streamed, so every refusal is a JSON error of the error middleware.
 *
 * The stream subscribes to the process's tail first and reads the order after, so no change falls between the snapshot
 * and the live events (one the snapshot already shows comes again and is dropped). Then: `retry:`; with Last-Event-ID,
 * the order's entries after that id (XRANGE; the entry at that id tells the status the client has); the current status
 * (`cause: snapshot`, no `id:`, so a reconnect still resumes from the last entry); then each live entry, with its stream
 * entry id as `id:`. A status is sent only when it ranks above the last one sent (StatusGate), and the stream ends after
 * a final one; a reconnect whose Last-Event-ID is already the order's final status is `204` (an EventSource stops
 * reconnecting). Heartbeat comments every `heartbeatMs`; a client that goes away is unsubscribed at once.
 */
export async function streamOrderStatus(
  ctx: Context,
  orderId: string,
  readOrder: () => Promise<OrderDto>,
  deps: OrderStreamDeps,
): Promise<void> {
  const lastEventId = lastEventIdOf(ctx);
  if (deps.feed.closed) throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'The gateway is shutting down; connect again.');

  // Entries that arrive while the order and the missed entries are read wait here, in the order they came.
  const early: OrderStreamEntry[] = [];
  let onEntry: (entry: OrderStreamEntry) => void = (entry) => early.push(entry);
  let feedEnded = false;
  let onEnd: () => void = () => (feedEnded = true);
  const unsubscribe = deps.feed.subscribe(orderId, { entry: (e) => onEntry(e), end: () => onEnd() });

  let order: OrderDto;
  let missed: OrderStreamEntry[] = [];
  try {
    order = await readOrder();
    if (lastEventId) missed = await readMissed(deps, lastEventId, orderId);
  } catch (err) {
    unsubscribe();
    throw err;
  }

  const atLastId = missed[0]?.streamId === lastEventId ? missed.shift() : undefined;
  const gate = new StatusGate(atLastId && statusOfEvent(atLastId.event, orderId)?.status);
  if (gate.finished) {
    unsubscribe();
    ctx.status = 204; // the client has the final status already
    return;
  }

  const body = new PassThrough();
  const write = (text: string) => {
    if (!body.writableEnded && !body.destroyed) body.write(text);
  };
  const heartbeat = setInterval(() => write(sseComment('heartbeat')), deps.heartbeatMs);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  const finish = () => {
    stop();
    if (!body.writableEnded) body.end();
  };
  let position = lastEventId;
  /** Sends the status `entry` announces when it is news; entries at or before the last position are already handled. */
  const offer = (entry: OrderStreamEntry) => {
    if (position !== undefined && compareStreamIds(entry.streamId, position) <= 0) return;
    position = entry.streamId;
    const status = statusOfEvent(entry.event, orderId);
    if (status && gate.admit(status.status)) write(statusMessage(status, entry.streamId));
  };

  ctx.status = 200;
  ctx.set(SSE_HEADERS); // before the body, so Koa keeps this Content-Type
  // The connection ends with the stream: an ended stream leaves no idle keep-alive connection behind to hold up a server
  // close (a reconnecting browser opens a new one anyway).
  ctx.set('Connection', 'close');
  ctx.body = body; // Koa destroys it when the client goes away
  body.once('close', stop);
  write(sseRetry(deps.retryMs ?? ORDER_STREAM_RETRY_MS));
  for (const entry of missed) offer(entry);
  const snapshot = snapshotStatus(order);
  if (gate.admit(snapshot.status)) write(statusMessage(snapshot));
  for (const entry of early.splice(0)) offer(entry);
  if (gate.finished || feedEnded) return finish();

  onEntry = (entry) => {
    offer(entry);
    if (gate.finished) finish();
  };
  onEnd = finish; // the gateway shuts down: the browser reconnects, to another gateway
}

/** The order's entries from `lastEventId` on (inclusive); none when Redis does not answer (the snapshot covers the gap). */
async function readMissed(deps: OrderStreamDeps, lastEventId: string, orderId: string): Promise<OrderStreamEntry[]> {
  try {
    return await readEntriesOf(deps.redis, EVENT_STREAMS.orders, lastEventId, orderId);
  } catch (err) {
    deps.logger?.debug(
      { orderId, lastEventId, err: err instanceof Error ? err.message : String(err) },
      'order stream: missed entries not read; the current status stands for them',
    );
    return [];
  }
}
