import type { Client } from '@temporalio/client';
import { ORDER_MESSAGES, orderWorkflowId, type ShipSignal } from '../../contracts';
import { connectClient } from '../../lib/temporal';

const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref(),
    ),
  ]);

/** How long an order may stay CONFIRMED after its ship signal was delivered before the signal is sent again. */
export const RESIGNAL_AFTER_MS = 10_000;

/** Ships orders like an operator does: the `ship` signal on the order's workflow, sent again when the order is still CONFIRMED a while later. */
export class Shipper {
  private client: Promise<Client> | undefined;
  /** Signals delivered per order, and when the last one was. */
  readonly delivered = new Map<string, { count: number; lastAt: number }>();
  /** Signals that could not be delivered (Temporal down, say); tried again on the next call. */
  failures = 0;

  constructor(
    private readonly address: string,
    private readonly namespace: string,
  ) {}

  /** True when the order is due a (first or repeated) ship signal. */
  due(orderId: string, now = Date.now()): boolean {
    const last = this.delivered.get(orderId);
    return !last || now - last.lastAt >= RESIGNAL_AFTER_MS;
  }

  /** Signals `ship` to the order's workflow (bounded to 10 s); false when it could not be delivered now. */
  async ship(orderId: string): Promise<boolean> {
    try {
      this.client ??= within(connectClient(this.address, this.namespace), 10_000, 'connecting to Temporal');
      const client = await this.client;
      const signal: ShipSignal = { trackingNumber: `CHAOS-${orderId.slice(0, 8)}` };
      await within(
        client.workflow.getHandle(orderWorkflowId(orderId)).signal(ORDER_MESSAGES.ship, signal),
        10_000,
        'the ship signal',
      );
      this.delivered.set(orderId, { count: (this.delivered.get(orderId)?.count ?? 0) + 1, lastAt: Date.now() });
      return true;
    } catch {
      this.failures += 1;
      const stale = this.client;
      this.client = undefined; // connect afresh next time (Temporal may have restarted)
      void stale?.then((c) => c.connection.close()).catch(() => undefined);
      return false;
    }
  }

  /** Closes the Temporal connection, if one was made. */
  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.connection.close().catch(() => undefined);
  }
}
