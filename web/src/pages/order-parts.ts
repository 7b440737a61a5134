// Parts the order pages share: the status badge and the sign-in prompt.
import type { OrderStatus } from '../../../contracts/orders';
import { h } from '../dom';
import { STATUS_LABELS } from '../order-status';
import { here, href } from '../router';

/** The badge of `status`; `data-order-status` names the status for tests and styles. */
export const statusBadge = (status: OrderStatus): HTMLElement =>
  h(
    'span',
    { class: `badge status-${STATUS_LABELS[status].tone}`, 'data-order-status': status },
    STATUS_LABELS[status].label,
  );

/** Asks a signed-out visitor to sign in, coming back here. */
export const signInPrompt = (text: string): HTMLElement =>
  h(
    'div',
    { class: 'card empty' },
    h('p', null, text),
    h('a', { class: 'button primary', href: href(`/sign-in?next=${encodeURIComponent(here())}`) }, 'Sign in'),
  );
