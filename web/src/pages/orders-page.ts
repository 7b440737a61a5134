// The customer's orders, newest first, a page at a time (`GET /api/orders` with its cursor).
import type { OrderDto } from '../../../contracts/orders';
import { call, problem } from '../api';
import { h, replace } from '../dom';
import { dateTime, money, shortId } from '../money';
import { href, type Page } from '../router';
import { currentSession } from '../session';
import { signInPrompt, statusBadge } from './order-parts';

const PAGE_SIZE = 10;

interface OrdersPage {
  items: OrderDto[];
  nextCursor?: string;
}

function orderRow(order: OrderDto): HTMLElement {
  const units = order.items.reduce((sum, line) => sum + line.quantity, 0);
  return h(
    'li',
    { class: 'order-row', 'data-order-id': order.orderId },
    h(
      'a',
      { href: href(`/orders/${order.orderId}`), class: 'order-row-link' },
      h('span', { class: 'order-row-id' }, `Order ${shortId(order.orderId)}`),
      h('span', { class: 'muted order-row-date' }, h('time', { datetime: order.createdAt }, dateTime(order.createdAt))),
      h('span', { class: 'muted order-row-items' }, `${units} ${units === 1 ? 'item' : 'items'}`),
      h('span', { class: 'order-row-total' }, money(order.totalCents, order.currency)),
      statusBadge(order.status),
    ),
  );
}

export const ordersPage: Page = {
  title: 'Your orders',
  render({ signal }) {
    const list = h('ul', { class: 'order-list card', 'aria-label': 'Your orders', 'aria-busy': 'true' });
    const more = h('div', { class: 'more' });
    const page = h(
      'section',
      { class: 'orders-page', 'aria-labelledby': 'orders-title' },
      h('h1', { id: 'orders-title' }, 'Your orders'),
      list,
      more,
    );
    if (!currentSession()) {
      list.replaceWith(signInPrompt('Sign in to see your orders.'));
      return page;
    }
    const load = (cursor?: string) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      call<OrdersPage>(`/api/orders?${query}`, { auth: true, signal })
        .then(({ body }) => {
          if (signal.aborted) return;
          list.removeAttribute('aria-busy');
          if (!cursor && body.items.length === 0)
            return list.replaceWith(
              h(
                'div',
                { class: 'card empty' },
                h('p', null, 'You have no orders yet.'),
                h('a', { class: 'button primary', href: href('/') }, 'Start shopping'),
              ),
            );
          list.append(...body.items.map(orderRow));
          if (!body.nextCursor) return replace(more);
          const next = body.nextCursor;
          const button = h('button', { type: 'button', class: 'button' }, 'Show older orders');
          button.addEventListener('click', () => {
            button.disabled = true;
            button.textContent = 'Loading…';
            load(next);
          });
          replace(more, button);
        })
        .catch((err: unknown) => {
          if (signal.aborted) return;
          list.removeAttribute('aria-busy');
          if (!currentSession())
            return list.replaceWith(signInPrompt('Your session has ended. Sign in again to see your orders.'));
          replace(more, h('p', { class: 'notice bad', role: 'alert' }, problem(err)));
        });
    };
    load();
    return page;
  },
};
