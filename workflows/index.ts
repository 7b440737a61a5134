export { registerUser } from './register-user';
export { orderCheckout } from './order-checkout';
