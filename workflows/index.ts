export { registerUser } from './register-user';
