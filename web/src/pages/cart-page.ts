// The cart and checkout: quantities, the total from the catalog's prices, the test payment token, Place order.
import type { OrderDto } from '../../../contracts/orders';
import { call, problem } from '../api';
import { cartLines, clearCart, MAX_QUANTITY, onCartChange, setQuantity } from '../cart';
import { loadCatalog, productOf, type Catalog } from '../catalog';
import { h, replace } from '../dom';
import { formMessage, valueOf, whileBusy } from '../form';
import { checkoutDone, checkoutKey } from '../idempotency-key';
import { money } from '../money';
import { PAYMENT_TOKENS } from '../order-status';
import { here, href, navigate, type Page } from '../router';
import { currentSession, onSessionChange } from '../session';
import { productTile } from './product-tile';

/** What POST /api/orders answers: the order (201), or its id and status while it is still being placed (202). */
type Placed = Pick<OrderDto, 'orderId' | 'status'>;

/** The payment token chosen last (kept while the cart page redraws). */
let chosenToken: string = PAYMENT_TOKENS[0].token;

/** Runs `redraw`, then gives the focus back to the control that had it (found again by its id or label). */
function keepingFocus(redraw: () => void) {
  const active = document.activeElement;
  const id = active?.id;
  const label = active?.getAttribute('aria-label');
  redraw();
  const again = id
    ? document.getElementById(id)
    : label
      ? document.querySelector(`[aria-label="${CSS.escape(label)}"]`)
      : null;
  if (again instanceof HTMLElement && !again.matches(':disabled')) again.focus();
}

function quantityControl(productId: string, name: string, quantity: number, max: number): HTMLElement {
  const id = `qty-${productId}`;
  const input = h('input', {
    id,
    type: 'number',
    inputmode: 'numeric',
    min: 1,
    max,
    value: quantity,
    class: 'qty-input',
  });
  input.addEventListener('change', () => setQuantity(productId, Number(input.value) || 0));
  return h(
    'div',
    { class: 'qty' },
    h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${name}`),
    h(
      'button',
      {
        type: 'button',
        class: 'qty-step',
        'aria-label': `One less ${name}`,
        onclick: () => setQuantity(productId, quantity - 1),
      },
      '−',
    ),
    input,
    h(
      'button',
      {
        type: 'button',
        class: 'qty-step',
        'aria-label': `One more ${name}`,
        disabled: quantity >= max,
        onclick: () => setQuantity(productId, quantity + 1),
      },
      '+',
    ),
  );
}

function cartLine(catalog: Catalog, productId: string, quantity: number): HTMLElement {
  const item = productOf(catalog, productId);
  if (!item)
    return h(
      'li',
      { class: 'cart-line' },
      h(
        'div',
        { class: 'cart-line-info' },
        h('p', { class: 'line-name' }, 'A product no longer sold'),
        h('p', { class: 'muted' }, productId),
      ),
      h('button', { type: 'button', class: 'link-button', onclick: () => setQuantity(productId, 0) }, 'Remove'),
    );
  const max = Math.min(MAX_QUANTITY, item.availability ?? MAX_QUANTITY);
  const short = item.availability !== null && quantity > item.availability;
  return h(
    'li',
    { class: 'cart-line', 'data-product-id': productId },
    productTile(item.id, item.name, true),
    h(
      'div',
      { class: 'cart-line-info' },
      h('p', { class: 'line-name' }, item.name),
      h('p', { class: 'muted' }, `${money(item.priceCents, item.currency)} each`),
      short && h('p', { class: 'line-warning' }, `Only ${item.availability} left in stock.`),
    ),
    quantityControl(productId, item.name, quantity, Math.max(max, quantity)),
    h('p', { class: 'line-total' }, money(item.priceCents * quantity, item.currency)),
    h(
      'button',
      { type: 'button', class: 'link-button remove', onclick: () => setQuantity(productId, 0) },
      'Remove',
      h('span', { class: 'visually-hidden' }, ` ${item.name}`),
    ),
  );
}

function checkoutForm(catalog: Catalog): HTMLElement {
  const lines = cartLines();
  const currency = catalog.items[0]?.currency ?? 'USD';
  const total = lines.reduce((sum, l) => sum + (productOf(catalog, l.productId)?.priceCents ?? 0) * l.quantity, 0);
  const summary = h(
    'dl',
    { class: 'summary' },
    h('div', null, h('dt', null, 'Subtotal'), h('dd', null, money(total, currency))),
    h('div', null, h('dt', null, 'Shipping'), h('dd', null, 'Free')),
    h(
      'div',
      { class: 'summary-total' },
      h('dt', null, 'Total'),
      h('dd', { 'data-testid': 'cart-total' }, money(total, currency)),
    ),
  );
  if (!currentSession())
    return h(
      'aside',
      { class: 'card checkout', 'aria-labelledby': 'checkout-title' },
      h('h2', { id: 'checkout-title' }, 'Checkout'),
      summary,
      h('p', null, 'Sign in or create an account to place your order.'),
      h(
        'a',
        { class: 'button primary wide', href: href(`/sign-in?next=${encodeURIComponent(here())}`) },
        'Sign in to check out',
      ),
      h('a', { class: 'button wide', href: href(`/sign-up?next=${encodeURIComponent(here())}`) }, 'Create an account'),
    );

  const description = h('p', { class: 'hint', id: 'payment-token-hint' });
  const select = h(
    'select',
    { id: 'payment-token', name: 'payment-token', 'aria-describedby': 'payment-token-hint' },
    PAYMENT_TOKENS.map((t) => h('option', { value: t.token }, `${t.label} (${t.token})`)),
  );
  select.value = chosenToken;
  const describe = () => {
    chosenToken = select.value;
    description.textContent = PAYMENT_TOKENS.find((t) => t.token === select.value)?.description ?? '';
  };
  select.addEventListener('change', describe);
  describe();
  const message = formMessage();
  const submit = h(
    'button',
    { type: 'submit', class: 'button primary wide' },
    `Place order · ${money(total, currency)}`,
  );
  const form = h(
    'form',
    { class: 'card checkout stack', 'aria-labelledby': 'checkout-title' },
    h('h2', { id: 'checkout-title' }, 'Checkout'),
    summary,
    h('div', { class: 'field' }, h('label', { for: 'payment-token' }, 'Payment (test tokens)'), select, description),
    h(
      'details',
      { class: 'token-list' },
      h('summary', null, 'All test payment tokens'),
      h(
        'dl',
        null,
        PAYMENT_TOKENS.map((t) =>
          h('div', null, h('dt', null, h('code', null, t.token)), h('dd', null, t.description)),
        ),
      ),
    ),
    message.element,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    message.clear();
    const items = cartLines();
    const paymentToken = valueOf(form, 'payment-token');
    const key = checkoutKey(items, paymentToken);
    whileBusy(submit, 'Placing your order…', () =>
      call<Placed>('/api/orders', {
        method: 'POST',
        auth: true,
        body: { items, paymentToken },
        headers: { 'Idempotency-Key': key },
      }),
    )
      .then(({ body }) => {
        checkoutDone();
        clearCart();
        navigate(`/orders/${body.orderId}`);
      })
      .catch((err: unknown) => message.show(problem(err)));
  });
  return form;
}

export const cartPage: Page = {
  title: 'Your cart',
  render({ signal }) {
    const body = h(
      'div',
      { class: 'cart-layout', 'aria-busy': 'true' },
      h('p', { class: 'muted' }, 'Loading your cart…'),
    );
    const page = h(
      'section',
      { class: 'cart-page', 'aria-labelledby': 'cart-title' },
      h('h1', { id: 'cart-title' }, 'Your cart'),
      body,
    );
    let catalog: Catalog | undefined;
    const draw = (loaded: Catalog) => {
      body.removeAttribute('aria-busy');
      const lines = cartLines();
      if (lines.length === 0) {
        replace(
          body,
          h(
            'div',
            { class: 'card empty' },
            h('p', null, 'Your cart is empty.'),
            h('a', { class: 'button primary', href: href('/') }, 'Browse the shop'),
          ),
        );
        return;
      }
      replace(
        body,
        h(
          'ul',
          { class: 'cart-lines card', 'aria-label': 'Items in your cart' },
          lines.map((l) => cartLine(loaded, l.productId, l.quantity)),
        ),
        checkoutForm(loaded),
      );
    };
    const show = () => {
      const loaded = catalog;
      if (loaded && !signal.aborted) keepingFocus(() => draw(loaded));
    };
    onCartChange(show, signal);
    onSessionChange(show, signal);
    loadCatalog()
      .then((loaded) => {
        catalog = loaded;
        show();
      })
      .catch((err: unknown) => {
        if (!signal.aborted)
          replace(
            body,
            h('p', { class: 'notice bad', role: 'alert' }, `The catalog could not be loaded. ${problem(err)}`),
          );
      });
    return page;
  },
};
