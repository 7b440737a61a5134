// The picture of a product: the catalog has no images, so each product gets a tile in a colour of its own with its
// initials, the same on every page (derived from its id).
import { h } from '../dom';

/** A stable hue (0–359) for `id`. */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/** Up to two initials of `name` ("Pour-over Kettle" → "PK"). */
const initials = (name: string) =>
  name
    .split(/[\s-]+/)
    .filter((word) => /^[A-Za-z]/.test(word))
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('');

/** The product's tile; `small` for cart and order lines. */
export function productTile(id: string, name: string, small = false): HTMLElement {
  const tile = h(
    'div',
    { class: small ? 'product-tile small' : 'product-tile', 'aria-hidden': 'true' },
    initials(name),
  );
  tile.style.setProperty('--hue', String(hueOf(id))); // CSSOM, not a style attribute: allowed by the CSP
  return tile;
}
