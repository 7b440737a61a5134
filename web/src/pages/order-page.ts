// One order: its lines and total, a timeline that follows the order live over the SSE stream, and Cancel while the
// order can still be cancelled.
import type { OrderStreamStatus } from '../../../contracts/events';
import type { OrderDto } from '../../../contracts/orders';
import { ApiError, call, problem } from '../api';
import { loadCatalog, productOf, type Catalog } from '../catalog';
import { h, icon, ICONS, replace } from '../dom';
import { dateTime, money, shortId, timeOfDay } from '../money';
import { CANCELLABLE, FAILURE_MESSAGES, FINAL, STATUS_MESSAGES } from '../order-status';
import { followOrder, type StreamState } from '../order-stream';
import { timelineOf, type OrderProgress } from '../order-timeline';
import { here, href, type Page } from '../router';
import { currentSession } from '../session';
import { productTile } from './product-tile';
import { signInPrompt, statusBadge } from './order-parts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The order, asked again for a while when it is not there yet (a 202 placement) or the gateway is briefly unavailable. */
async function loadOrder(orderId: string, signal: AbortSignal): Promise<OrderDto> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await call<OrderDto>(`/api/orders/${encodeURIComponent(orderId)}`, { auth: true, signal })).body;
    } catch (err) {
      const retry = err instanceof ApiError && (err.status === 404 || err.status === 0 || err.status >= 500);
      if (!retry || attempt >= 10 || signal.aborted) throw err;
      await pause(1_000);
    }
  }
}

function orderLines(order: OrderDto, catalog: Catalog | undefined): HTMLElement {
  return h(
    'ul',
    { class: 'order-lines', 'aria-label': 'Items' },
    order.items.map((line) => {
      const name = productOf(catalog, line.productId)?.name ?? line.productId;
      return h(
        'li',
        { class: 'order-line' },
        productTile(line.productId, name, true),
        h(
          'div',
          { class: 'cart-line-info' },
          h('p', { class: 'line-name' }, name),
          h('p', { class: 'muted' }, `${line.quantity} × ${money(line.unitPriceCents, order.currency)}`),
        ),
        h('p', { class: 'line-total' }, money(line.unitPriceCents * line.quantity, order.currency)),
      );
    }),
  );
}

function timelineList(progress: OrderProgress): HTMLElement {
  return h(
    'ol',
    { class: 'timeline' },
    timelineOf(progress).map((step) =>
      h(
        'li',
        {
          class: 'timeline-step',
          'data-state': step.state,
          'aria-current': step.state === 'current' ? 'step' : undefined,
        },
        h(
          'span',
          { class: 'timeline-dot', 'aria-hidden': 'true' },
          step.state === 'done' ? icon(...ICONS.check) : step.state === 'stopped' ? icon(...ICONS.cross) : null,
        ),
        h(
          'div',
          { class: 'timeline-text' },
          h('p', { class: 'timeline-label' }, step.label, h('span', { class: 'visually-hidden' }, ` (${step.state})`)),
          step.at && h('p', { class: 'muted' }, h('time', { datetime: step.at }, timeOfDay(step.at))),
          step.note && h('p', { class: 'timeline-note' }, step.note),
        ),
      ),
    ),
  );
}

const STREAM_LABELS: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Up to date',
};

/** The order's page once it is loaded: draws it, then follows its stream until the status is final. */
function orderView(order: OrderDto, catalog: Catalog | undefined, signal: AbortSignal): HTMLElement {
  const progress: OrderProgress = {
    status: order.status,
    failureReason: order.failureReason,
    trackingNumber: order.trackingNumber,
    createdAt: order.createdAt,
    seen: { [order.status]: order.updatedAt },
  };
  let cancelRequested = false;
  const badgeSlot = h('div', { class: 'badge-slot' });
  const liveSlot = h('p', { class: 'live', 'data-stream': 'connecting' });
  const message = h('p', { class: 'status-message', role: 'status', 'aria-live': 'polite' });
  const failure = h('div', { class: 'failure-slot' });
  const timeline = h('div', { class: 'timeline-slot' });
  const cancelSlot = h('div', { class: 'cancel-slot' });

  const showCancel = () => {
    if (!CANCELLABLE.includes(progress.status)) return replace(cancelSlot);
    if (cancelRequested)
      return replace(
        cancelSlot,
        h('p', { class: 'notice info' }, 'Cancellation requested. This page updates as soon as it is done.'),
      );
    const error = h('div', { 'aria-live': 'assertive' });
    const confirmCancel = h('button', { type: 'button', class: 'button danger' }, 'Yes, cancel order');
    const keep = h('button', { type: 'button', class: 'button' }, 'Keep order');
    const ask = h(
      'div',
      { class: 'cancel-confirm', hidden: true },
      h('p', null, 'Cancel this order? Any payment is refunded in full.'),
      h('div', { class: 'button-row' }, confirmCancel, keep),
    );
    const start = h('button', { type: 'button', class: 'button danger-outline wide' }, 'Cancel order');
    start.addEventListener('click', () => {
      ask.hidden = false;
      start.hidden = true;
      confirmCancel.focus();
    });
    keep.addEventListener('click', () => {
      ask.hidden = true;
      start.hidden = false;
      start.focus();
    });
    confirmCancel.addEventListener('click', () => {
      confirmCancel.disabled = true;
      call(`/api/orders/${encodeURIComponent(order.orderId)}/cancel`, { method: 'POST', auth: true })
        .then(() => {
          cancelRequested = true;
          showCancel();
        })
        .catch((err: unknown) => {
          confirmCancel.disabled = false;
          replace(error, h('p', { class: 'notice bad', role: 'alert' }, problem(err)));
        });
    });
    replace(cancelSlot, start, ask, error);
  };

  const draw = () => {
    replace(badgeSlot, statusBadge(progress.status));
    message.textContent = STATUS_MESSAGES[progress.status];
    const reason = progress.failureReason && FAILURE_MESSAGES[progress.failureReason];
    replace(
      failure,
      reason &&
        h(
          'div',
          {
            class: progress.status === 'FAILED' ? 'notice bad' : 'notice',
            'data-failure-reason': progress.failureReason,
          },
          h('p', { class: 'notice-title' }, reason.title),
          h('p', null, reason.detail),
        ),
    );
    replace(timeline, timelineList(progress));
    showCancel();
  };

  const onStatus = (update: OrderStreamStatus) => {
    progress.seen[update.status] ??= update.at;
    progress.status = update.status;
    progress.failureReason = update.failureReason;
    progress.trackingNumber = update.trackingNumber ?? progress.trackingNumber;
    if (!CANCELLABLE.includes(update.status)) cancelRequested = false;
    draw();
  };
  const onState = (state: StreamState, detail?: string) => {
    liveSlot.dataset.stream = state;
    replace(liveSlot, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), detail ?? STREAM_LABELS[state]);
    if (state !== 'ended' || !detail) return;
    if (!currentSession())
      return liveSlot.append(' ', h('a', { href: href(`/sign-in?next=${encodeURIComponent(here())}`) }, 'Sign in'));
    const refresh = h('button', { type: 'button', class: 'link-button' }, 'Refresh status');
    refresh.addEventListener('click', () => {
      refresh.disabled = true;
      loadOrder(order.orderId, signal)
        .then((now) => onStatus({ ...now, cause: 'snapshot', at: now.updatedAt }))
        .catch(() => undefined)
        .finally(() => (refresh.disabled = false));
    });
    liveSlot.append(' ', refresh);
  };

  draw();
  if (FINAL.includes(progress.status)) onState('ended');
  else void followOrder(order.orderId, { onStatus, onState }, signal);

  return h(
    'div',
    { class: 'order-layout' },
    h(
      'div',
      { class: 'order-main' },
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'order-status-head' }, h('h2', null, 'Status'), badgeSlot, liveSlot),
        message,
        failure,
        timeline,
      ),
      h('div', { class: 'card' }, h('h2', null, 'Items'), orderLines(order, catalog)),
    ),
    h(
      'aside',
      { class: 'card order-summary' },
      h('h2', null, 'Summary'),
      h(
        'dl',
        { class: 'summary' },
        h(
          'div',
          null,
          h('dt', null, 'Placed'),
          h('dd', null, h('time', { datetime: order.createdAt }, dateTime(order.createdAt))),
        ),
        h(
          'div',
          { class: 'summary-total' },
          h('dt', null, 'Total'),
          h('dd', null, money(order.totalCents, order.currency)),
        ),
      ),
      cancelSlot,
      h('a', { class: 'button wide', href: href('/orders') }, 'All your orders'),
    ),
  );
}

export const orderPage: Page = {
  title: (ctx) => `Order ${shortId(ctx.params.id ?? '')}`,
  render({ params, signal }) {
    const orderId = params.id ?? '';
    const body = h(
      'div',
      { class: 'order-body', 'aria-busy': 'true' },
      h('p', { class: 'muted' }, 'Loading your order…'),
    );
    const page = h(
      'section',
      { class: 'order-page', 'aria-labelledby': 'order-title', 'data-order-id': orderId },
      h('p', { class: 'breadcrumb' }, h('a', { href: href('/orders') }, 'Your orders'), ' / ', shortId(orderId)),
      h('h1', { id: 'order-title' }, `Order ${shortId(orderId)}`),
      h('p', { class: 'order-number muted' }, 'Order number ', h('span', { class: 'mono' }, orderId)),
      body,
    );
    if (!currentSession()) {
      replace(body, signInPrompt('Sign in to see this order.'));
      return page;
    }
    Promise.all([loadOrder(orderId, signal), loadCatalog().catch(() => undefined)])
      .then(([order, catalog]) => {
        if (signal.aborted) return;
        body.removeAttribute('aria-busy');
        replace(body, orderView(order, catalog, signal));
      })
      .catch((err: unknown) => {
        if (signal.aborted) return;
        body.removeAttribute('aria-busy');
        if (!currentSession())
          return replace(body, signInPrompt('Your session has ended. Sign in again to see this order.'));
        replace(
          body,
          h(
            'p',
            { class: 'notice bad', role: 'alert' },
            err instanceof ApiError && err.status === 404 ? 'No such order.' : problem(err),
          ),
        );
      });
    return page;
  },
};
