import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** `OrderStatus` (Keyword): the order's public status. */
export const ORDER_STATUS = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
/** `CustomerId` (Keyword). */
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
/** `OrderTotal` (Int, cents). */
export const ORDER_TOTAL = defineSearchAttributeKey('OrderTotal', SearchAttributeType.INT);
