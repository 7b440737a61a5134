import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** `OrderStatus` (Keyword): the order's public status, kept current by orderCheckout. */
export const ORDER_STATUS_KEY = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
/** `CustomerId` (Keyword): whose order it is. */
export const CUSTOMER_ID_KEY = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
/** `OrderTotal` (Int, cents): set once the order is priced. */
export const ORDER_TOTAL_KEY = defineSearchAttributeKey('OrderTotal', SearchAttributeType.INT);

/** Every custom search attribute of the platform: the Temporal server registers these at start. */
export const SEARCH_ATTRIBUTE_KEYS = [ORDER_STATUS_KEY, CUSTOMER_ID_KEY, ORDER_TOTAL_KEY] as const;

/** A key's type as the `temporal` CLI spells it (`--search-attribute OrderTotal=Int`). */
export const cliSearchAttributeType = (key: (typeof SEARCH_ATTRIBUTE_KEYS)[number]): string =>
  ({ KEYWORD: 'Keyword', INT: 'Int' })[key.type];
