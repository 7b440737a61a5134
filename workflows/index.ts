export { registerUser } from './register-user';
export { orderCheckout } from './order-checkout';
export { changeProductPrice } from './change-product-price';
export { restockProduct } from './restock-product';
