// Live tracking of one order over `GET /api/orders/:id/stream` (Server-Sent Events, owner only): `status` messages
// whose data is an OrderStreamStatus, the current status first, then each change; the gateway closes the stream after
// a final status. Opened with fetch() so the bearer token travels in the Authorization header, never in the URL;
// a dropped stream is opened again with Last-Event-ID, after a growing pause (204 there: nothing more will come).
import type { OrderStreamStatus } from '../../contracts/events';
import { authHeader } from './api';
import { FINAL } from './order-status';
import { signOut } from './session';
import { readSse } from './sse';

/** How the live connection is: `live` while the stream is open, `reconnecting` between attempts, `ended` for good. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** What the order page hears from the stream. */
export interface OrderStreamHandlers {
  onStatus(status: OrderStreamStatus): void;
  onState(state: StreamState, detail?: string): void;
}

const MAX_PAUSE_MS = 15_000;
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Follows `orderId` until its status is final, the stream refuses for good (401, 404), or `signal` aborts. */
export async function followOrder(orderId: string, handlers: OrderStreamHandlers, signal: AbortSignal): Promise<void> {
  let lastEventId = '';
  let pauseMs = 1_000;
  handlers.onState('connecting');
  while (!signal.aborted) {
    let res: Response | undefined;
    try {
      res = await fetch(`/api/orders/${encodeURIComponent(orderId)}/stream`, {
        headers: {
          Accept: 'text/event-stream',
          ...authHeader(),
          ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
        },
        cache: 'no-store',
        signal,
      });
      if (res.status === 401) {
        signOut();
        return handlers.onState('ended', 'Your session has expired. Sign in again to follow this order.');
      }
      if (res.status === 404) return handlers.onState('ended', 'Live updates are not available for this order.');
      if (res.status === 204) return handlers.onState('ended'); // the last status this page got was final already
      if (res.status === 400) lastEventId = ''; // an id the gateway no longer takes: start again from the current status
      if (res.ok && res.body) {
        handlers.onState('live');
        for await (const message of readSse(res.body, lastEventId)) {
          lastEventId = message.lastEventId;
          if (message.retry !== undefined) pauseMs = message.retry;
          if (message.event !== 'status') continue;
          const status = JSON.parse(message.data) as OrderStreamStatus;
          handlers.onStatus(status);
          pauseMs = 1_000; // the stream works: the next drop waits little
          if (FINAL.includes(status.status)) return handlers.onState('ended');
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    handlers.onState('reconnecting');
    await pause(pauseMs, signal);
    pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
  }
}
