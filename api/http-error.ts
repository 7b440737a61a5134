// The gateway's error type lives in lib/ so the services' read APIs answer with the same one.
export { errorAnswer, HttpError } from '../lib/http-error';
