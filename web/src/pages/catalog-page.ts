// The shop's front page: every product with its price and availability, and Add to cart.
import { problem } from '../api';
import { addToCart, MAX_QUANTITY, onCartChange, quantityInCart } from '../cart';
import { availabilityOf, loadCatalog, type CatalogItem } from '../catalog';
import { h, replace } from '../dom';
import { money } from '../money';
import type { Page } from '../router';
import { productTile } from './product-tile';

const SKELETON_CARDS = 6;

function productCard(item: CatalogItem, signal: AbortSignal): HTMLElement {
  const availability = availabilityOf(item);
  const headingId = `product-${item.id}`;
  const inCart = h('p', { class: 'in-cart', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button primary', 'aria-describedby': headingId });
  const soldOut = availability.tone === 'out';
  const update = () => {
    const n = quantityInCart(item.id);
    inCart.textContent = n > 0 ? `${n} in your cart` : '';
    const atLimit = n >= MAX_QUANTITY || (item.availability !== null && n >= item.availability);
    button.disabled = soldOut || atLimit;
    button.textContent = soldOut ? 'Sold out' : atLimit ? 'All in your cart' : 'Add to cart';
  };
  button.addEventListener('click', () => {
    addToCart(item.id);
    button.classList.add('added');
    setTimeout(() => button.classList.remove('added'), 600);
  });
  onCartChange(update, signal);
  update();
  return h(
    'li',
    { class: 'product-card', 'data-product-id': item.id },
    productTile(item.id, item.name),
    h(
      'div',
      { class: 'product-body' },
      h('h2', { class: 'product-name', id: headingId }, item.name),
      h('p', { class: 'product-description' }, item.description),
      h(
        'div',
        { class: 'product-meta' },
        h('span', { class: 'price' }, money(item.priceCents, item.currency)),
        h('span', { class: `badge stock-${availability.tone}` }, availability.label),
      ),
      h('div', { class: 'product-actions' }, button, inCart),
    ),
  );
}

const skeleton = () =>
  Array.from({ length: SKELETON_CARDS }, () =>
    h(
      'li',
      { class: 'product-card skeleton', 'aria-hidden': 'true' },
      h('div', { class: 'product-tile' }),
      h('div', { class: 'product-body' }),
    ),
  );

export const catalogPage: Page = {
  title: 'Shop',
  render({ signal }) {
    const grid = h('ul', { class: 'product-grid', 'aria-busy': 'true' }, skeleton());
    const notice = h('div', { class: 'notice-slot', 'aria-live': 'polite' });
    const page = h(
      'section',
      { class: 'catalog', 'aria-labelledby': 'catalog-title' },
      h(
        'div',
        { class: 'hero' },
        h('h1', { id: 'catalog-title' }, 'Coffee gear & fresh roasts'),
        h('p', null, 'Everything for the perfect cup, shipped from our roastery. Prices include tax.'),
      ),
      notice,
      grid,
    );
    loadCatalog(true)
      .then((catalog) => {
        if (signal.aborted) return;
        grid.removeAttribute('aria-busy');
        replace(
          grid,
          catalog.items.map((item) => productCard(item, signal)),
        );
        if (catalog.degraded)
          replace(
            notice,
            h('p', { class: 'notice warn' }, 'Stock levels are unavailable right now; you can still order.'),
          );
      })
      .catch((err: unknown) => {
        if (signal.aborted) return;
        grid.removeAttribute('aria-busy');
        replace(grid);
        replace(
          notice,
          h('p', { class: 'notice bad', role: 'alert' }, `The catalog could not be loaded. ${problem(err)}`),
          h('button', { type: 'button', class: 'button', onclick: () => location.reload() }, 'Try again'),
        );
      });
    return page;
  },
};
