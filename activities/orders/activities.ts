import type { MikroORM } from '@mikro-orm/core';

/** Activities of the orders service (the order-record steps of the checkout saga arrive with it). */
export function createOrdersActivities(_deps: { orm: MikroORM }): Record<string, never> {
  return {};
}
