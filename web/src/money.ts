// Prices as the shop shows them: the API counts cents in a currency (ISO 4217).

const formats = new Map<string, Intl.NumberFormat>();

/** `2400, 'USD'` → `$24.00`. */
export function money(cents: number, currency = 'USD'): string {
  let format = formats.get(currency);
  if (!format) formats.set(currency, (format = new Intl.NumberFormat('en-US', { style: 'currency', currency })));
  return format.format(cents / 100);
}

/** A date and time in the visitor's locale, short. */
export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time of day with seconds (the order timeline). */
export const timeOfDay = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The first 8 characters of an order id, as the shop names orders to people. */
export const shortId = (orderId: string): string => orderId.slice(0, 8).toUpperCase();
