import { FINAL_STATUSES, type OrderDto, type OrderStatus } from '../../contracts';
import type { ChaosCustomer } from './customers';
import type { GatewayClient } from './gateway-client';

/** The last status seen of one order of a chaos customer. */
export interface TrackedOrder {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  failureReason?: string;
}

/** True when nothing more happens to an order without a signal: CONFIRMED or final. */
export const isSettled = (status: OrderStatus): boolean => status === 'CONFIRMED' || FINAL_STATUSES.includes(status);

/** Follows every order of the chaos customers through `GET /api/orders` (one paged list per customer and round). */
export class OrderTracker {
  readonly orders = new Map<string, TrackedOrder>();

  constructor(
    private readonly client: GatewayClient,
    private readonly customers: ChaosCustomer[],
  ) {}

  /** One round over every customer's list; a customer whose list cannot be read keeps its last known statuses. */
  async poll(): Promise<void> {
    await Promise.all(
      this.customers.map(async (customer) => {
        let cursor: string | undefined;
        for (let page = 0; page < 50; page++) {
          const answer = await this.client.request('GET', `/api/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
            headers: { Authorization: customer.authorization },
            timeoutMs: 5_000,
          });
          if (answer.status !== 200) return;
          for (const o of answer.body.items as OrderDto[]) {
            this.orders.set(o.orderId, {
              orderId: o.orderId,
              customerId: o.customerId,
              status: o.status,
              ...(o.failureReason ? { failureReason: o.failureReason } : {}),
            });
          }
          cursor = answer.body.nextCursor as string | undefined;
          if (!cursor) return;
        }
      }),
    );
  }

  /**
   * Ids among `orderIds` (and every order seen) that are not CONFIRMED or final yet, or were never seen; those in
   * `mustEnd` (a cancellation was accepted) count only once final, since their compensations may still be running.
   */
  unsettled(orderIds: Iterable<string>, mustEnd: ReadonlySet<string> = new Set()): string[] {
    const ids = new Set([...orderIds, ...this.orders.keys()]);
    return [...ids].filter((id) => {
      const o = this.orders.get(id);
      if (!o) return true;
      return mustEnd.has(id) ? !FINAL_STATUSES.includes(o.status) : !isSettled(o.status);
    });
  }
}
