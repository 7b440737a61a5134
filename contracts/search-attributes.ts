/** Custom search attributes the dev server registers at start (name -> Temporal type). */
export const SEARCH_ATTRIBUTES = {
  OrderStatus: 'Keyword',
  CustomerId: 'Keyword',
  OrderTotal: 'Int',
} as const;
