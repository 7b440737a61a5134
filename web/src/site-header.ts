// The header on every page: the shop's name, Shop and Orders, the account, and the cart with its count.
import { cartCount, onCartChange } from './cart';
import { h, icon, ICONS, replace } from './dom';
import { href, navigate } from './router';
import { currentSession, onSessionChange, signOut } from './session';

export const SHOP_NAME = 'Durable Coffee Supply';

/** Fills `header` and keeps it current as the cart and the session change. */
export function mountHeader(header: HTMLElement): void {
  const count = h('span', { class: 'cart-count', 'aria-hidden': 'true' });
  const cartLabel = h('span', { class: 'visually-hidden' });
  const cartLink = h(
    'a',
    { class: 'header-button cart-link', href: href('/cart') },
    icon(...ICONS.cart),
    cartLabel,
    count,
  );
  const account = h('div', { class: 'account' });
  const ordersLink = h('a', { class: 'nav-link', href: href('/orders') }, 'Orders');

  const showCart = () => {
    const n = cartCount();
    count.textContent = String(n);
    count.dataset.empty = String(n === 0);
    cartLabel.textContent = `Cart, ${n} ${n === 1 ? 'item' : 'items'}`;
  };
  const showAccount = () => {
    const session = currentSession();
    ordersLink.hidden = !session;
    if (!session) {
      replace(
        account,
        h(
          'a',
          { class: 'header-button', href: href('/sign-in') },
          icon(...ICONS.user),
          h('span', { class: 'label' }, 'Sign in'),
        ),
      );
      return;
    }
    replace(
      account,
      h(
        'span',
        { class: 'account-email', title: session.email },
        icon(...ICONS.user),
        h('span', { class: 'label' }, session.email),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onclick: () => {
            signOut();
            navigate('/');
          },
        },
        'Sign out',
      ),
    );
  };

  replace(
    header,
    h(
      'div',
      { class: 'header-inner' },
      h('a', { class: 'brand', href: href('/') }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), SHOP_NAME),
      h(
        'nav',
        { class: 'main-nav', 'aria-label': 'Main' },
        h('a', { class: 'nav-link', href: href('/') }, 'Shop'),
        ordersLink,
      ),
      h('div', { class: 'header-actions' }, account, cartLink),
    ),
  );
  showCart();
  showAccount();
  onCartChange(showCart);
  onSessionChange(showAccount);
}
