// The storefront: the header, then the page of the location's hash.
import { h, replace } from './dom';
import { accountPages } from './pages/account-pages';
import { cartPage } from './pages/cart-page';
import { catalogPage } from './pages/catalog-page';
import { notFoundPage } from './pages/not-found-page';
import { orderPage } from './pages/order-page';
import { ordersPage } from './pages/orders-page';
import { startRouter, type Routes } from './router';
import { mountHeader, SHOP_NAME } from './site-header';

const routes: Routes = [
  ['/', catalogPage],
  ['/cart', cartPage],
  ['/sign-in', accountPages.signIn],
  ['/sign-up', accountPages.signUp],
  ['/orders', ordersPage],
  ['/orders/:id', orderPage],
];

const header = document.getElementById('site-header');
const main = document.getElementById('main');
if (header && main) {
  mountHeader(header);
  startRouter(main, routes, notFoundPage, SHOP_NAME);
} else {
  replace(document.body, h('p', null, 'The page is incomplete: reload it.'));
}
