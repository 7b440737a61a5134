import type { ChaosCustomer } from './customers';
import type { GatewayClient } from './gateway-client';
import type { PlannedOrder } from './order-plan';
import type { AnswerStatus } from './retry-policy';

/** What happened to one planned order on the client side. */
export interface PlacementResult {
  planned: PlannedOrder;
  customerId: string;
  /** The last answer to its POST (the one that settled it, or the last refusal before the deadline). */
  status: AnswerStatus;
  tries: number;
  /** Answered 201 or 202. */
  accepted: boolean;
  orderId?: string;
  /** Seconds from the start of the run to the answer that settled it. */
  answeredAtS: number;
  cancel?: { status: AnswerStatus; tries: number; atS: number };
}

/** What the clients need. */
export interface ClientsInput {
  plan: PlannedOrder[];
  customers: ChaosCustomer[];
  client: GatewayClient;
  concurrency: number;
  /** `Date.now()` at the start of the placement window. */
  windowStart: number;
  /** `Date.now()` at the start of the run (times in the report are seconds from it). */
  runStart: number;
  postDeadlineMs: number;
  /** Stops releasing new orders when aborted. */
  signal?: AbortSignal;
  /** Called for each order answered 201 or 202. */
  onAccepted?: (result: PlacementResult) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** The order id an accepted POST names in its body (201: the order, 202: its id and status). */
const orderIdOf = (body: Record<string, unknown>): string | undefined =>
  typeof body.orderId === 'string' ? body.orderId : undefined;

/** Cancels an accepted order as its customer: retries refusals, and a 404 for a while (a 202 order may not be recorded yet). */
async function cancelOrder(client: GatewayClient, customer: ChaosCustomer, orderId: string, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const { answer, tries } = await client.postUntilAnswered(`/api/orders/${orderId}/cancel`, {
      body: { reason: 'chaos suite' },
      headers: { Authorization: customer.authorization },
      route: 'POST /api/orders/:id/cancel',
      deadlineMs: Math.max(1_000, until - Date.now()),
    });
    if (answer.status !== 404 || Date.now() + 1_000 > until) return { status: answer.status, tries };
    await sleep(1_000);
  }
}

/**
 * Places the planned orders `concurrency` at a time, each no earlier than its release time, POSTing with its
 * Idempotency-Key and retrying refusals with the same key; cancels the ones planned for it after their delay.
 */
export async function placeOrders(input: ClientsInput): Promise<PlacementResult[]> {
  const results: PlacementResult[] = [];
  const cancels: Promise<void>[] = [];
  const seconds = () => Number(((Date.now() - input.runStart) / 1000).toFixed(1));
  let next = 0;
  const loop = async () => {
    while (next < input.plan.length && !input.signal?.aborted) {
      const planned = input.plan[next++]!;
      await sleep(input.windowStart + planned.releaseAtMs - Date.now());
      const customer = input.customers[planned.customer % input.customers.length]!;
      const { answer, tries } = await input.client.postUntilAnswered('/api/orders', {
        body: { items: planned.items, paymentToken: planned.paymentToken },
        headers: { Authorization: customer.authorization, 'Idempotency-Key': planned.idempotencyKey },
        route: 'POST /api/orders',
        deadlineMs: input.postDeadlineMs,
      });
      const accepted = answer.status === 201 || answer.status === 202;
      const result: PlacementResult = {
        planned,
        customerId: customer.id,
        status: answer.status,
        tries,
        accepted,
        orderId: accepted ? orderIdOf(answer.body) : undefined,
        answeredAtS: seconds(),
      };
      results.push(result);
      if (accepted) input.onAccepted?.(result);
      if (accepted && result.orderId && planned.cancelAfterMs !== undefined) {
        const orderId = result.orderId;
        cancels.push(
          sleep(planned.cancelAfterMs).then(async () => {
            const atS = seconds();
            result.cancel = { ...(await cancelOrder(input.client, customer, orderId, input.postDeadlineMs)), atS };
          }),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, loop));
  await Promise.all(cancels);
  return results.sort((a, b) => a.planned.index - b.planned.index);
}
