// Any other hash path.
import { h } from '../dom';
import { href, type Page } from '../router';

export const notFoundPage: Page = {
  title: 'Page not found',
  render: () =>
    h(
      'section',
      { class: 'card empty' },
      h('h1', null, 'Page not found'),
      h('p', null, 'There is nothing at this address.'),
      h('a', { class: 'button primary', href: href('/') }, 'Back to the shop'),
    ),
};
