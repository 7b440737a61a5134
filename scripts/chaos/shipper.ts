import type { Client } from '@temporalio/client';
import { ORDER_MESSAGES, orderWorkflowId, type ShipSignal } from '../../contracts';
import { connectClient } from '../../lib/temporal';

const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref())]);

/** Ships orders like an operator does (the `ship` signal on the order's workflow), each once it is asked to. */
export class Shipper {
  private client: Promise<Client> | undefined;
  /** Orders whose signal was delivered. */
  readonly shipped = new Set<string>();
  /** Signals that failed (Temporal down, say); tried again on the next call. */
  failures = 0;

  constructor(private readonly address: string, private readonly namespace: string) {}

  /** Signals `ship` to the order's workflow (bounded to 10 s); false when it could not be delivered now. */
  async ship(orderId: string): Promise<boolean> {
    if (this.shipped.has(orderId)) return true;
    try {
      this.client ??= within(connectClient(this.address, this.namespace), 10_000, 'connecting to Temporal');
      const client = await this.client;
      const signal: ShipSignal = { trackingNumber: `CHAOS-${orderId.slice(0, 8)}` };
      await within(client.workflow.getHandle(orderWorkflowId(orderId)).signal(ORDER_MESSAGES.ship, signal), 10_000, 'the ship signal');
      this.shipped.add(orderId);
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
