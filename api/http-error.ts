// The gateway's error type lives in lib/ so the services' read APIs answer with the same one.
export { HttpError } from '../lib/http-error';
