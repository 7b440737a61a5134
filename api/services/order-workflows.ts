import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { TypedSearchAttributes, arrayFromPayloads, type Workflow } from '@temporalio/common';
import {
  CUSTOMER_ID_KEY,
  ErrorTypes,
  ORDER_MESSAGES,
  ORDER_STATUS_KEY,
  TASK_QUEUES,
  WORKFLOW_TYPES,
  orderWorkflowId,
  type OrderCheckoutInput,
  type OrderRecord,
  type OrderStatus,
  type PlacedUpdateArgs,
} from '../../contracts';
import type { DependencyOutage, DependencyOutages } from '../dependency-outage';
import { HttpError } from '../http-error';
import {
  TemporalUnavailableError,
  isTemporalUnreached,
  publicTemporalReason,
  temporalReason,
  withinBudget,
} from '../temporal-call';

/** What Temporal alone says of an order's workflow (no read API): running or closed, its status and owner (search attributes). */
export interface OrderWorkflowInfo {
  running: boolean;
  status: OrderStatus;
  customerId?: string;
}

/** How a placement went: the workflow's answer; taken durably but not answered in time; or an earlier placement whose workflow has closed. */
export type Placement =
  { outcome: 'placed'; record: OrderRecord } | { outcome: 'accepted'; status: OrderStatus } | { outcome: 'ended' };

/** What the order workflows need: the Temporal client, the budget of one call, and the outage log. */
export interface OrderWorkflowsDeps {
  temporal: Client;
  /** Budget of one describe, history read or signal (`TEMPORAL_CALL_TIMEOUT`). */
  callBudgetMs: number;
  outages?: DependencyOutages;
}

/** The 422 of a key used for another body. */
/**
 * 409: the Idempotency-Key already names another order of this customer (a conflict with the state of the order it
 * names); sending the first body again answers that order.
 */
export const keyReused = () =>
  new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different order.');

const name = (err: unknown) => (err as { name?: string } | undefined)?.name;
const isNotFound = (err: unknown) =>
  name(err) === 'WorkflowNotFoundError' || (err as { code?: unknown } | undefined)?.code === 5;
const failureType = (err: unknown) => (err as { cause?: { type?: string } } | undefined)?.cause?.type;
const noOutage: DependencyOutage = { down: () => undefined, back: () => undefined, isDown: false };

/**
 * The order workflows as the gateway drives them, through Temporal only: place (update-with-start, bounded), describe
 * (search attributes), check a key's request hash against the workflow's own input, and signal a cancellation.
 */
export class OrderWorkflows {
  private readonly temporalOutage: DependencyOutage;
  private readonly workerOutage: DependencyOutage;

  constructor(private readonly deps: OrderWorkflowsDeps) {
    this.temporalOutage =
      deps.outages?.('temporal', {
        down: 'Temporal unreachable: orders and cancellations answer 503 TEMPORAL_UNAVAILABLE',
        back: 'Temporal reachable again',
      }) ?? noOutage;
    this.workerOutage =
      deps.outages?.('orders-workflows', {
        down: 'order workflows not taking updates in time (orders worker down or stuck): new orders are taken durably and answered 202',
        back: 'order workflows take updates again',
      }) ?? noOutage;
  }

  /**
   * Starts the order's workflow (or joins the one running under its id) with the `placed` update, and waits at most
   * `waitMs` for its answer. A workflow that exists but did not answer in time gives `accepted`; no workflow and no Temporal
   * gives 503 TEMPORAL_UNAVAILABLE; another body under the key gives 422 (the update's validator, or the workflow's input).
   */
  async place(input: OrderCheckoutInput, waitMs: number): Promise<Placement> {
    const { temporal } = this.deps;
    const deadline = Date.now() + waitMs;
    const start = new WithStartWorkflowOperation<Workflow>(WORKFLOW_TYPES.orderCheckout, {
      workflowId: orderWorkflowId(input.orderId),
      taskQueue: TASK_QUEUES.orders,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: ORDER_STATUS_KEY, value: 'PENDING' },
        { key: CUSTOMER_ID_KEY, value: input.customerId },
      ]),
    });
    const args: [PlacedUpdateArgs] = [{ requestHash: input.requestHash }];
    let update;
    try {
      update = await withinBudget(temporal, waitMs, () =>
        temporal.workflow.startUpdateWithStart<Workflow, OrderRecord, [PlacedUpdateArgs]>(ORDER_MESSAGES.placed, {
          args,
          waitForStage: 'ACCEPTED',
          startWorkflowOperation: start,
        }),
      );
    } catch (err) {
      return this.afterFailedStart(input, err, waitMs);
    }
    this.temporalOutage.back();
    this.workerOutage.back();
    try {
      return { outcome: 'placed', record: await withinBudget(temporal, deadline - Date.now(), () => update.result()) };
    } catch (err) {
      if (failureType(err) === ErrorTypes.IDEMPOTENCY_KEY_REUSED) throw keyReused();
      if (isTemporalUnreached(err)) return { outcome: 'accepted', status: 'PENDING' }; // accepted: the workflow answers later
      throw err;
    }
  }

  /** The order's workflow as Temporal describes it, or undefined when there is none (never started, or its history is gone). */
  async describe(orderId: string): Promise<OrderWorkflowInfo | undefined> {
    const { temporal, callBudgetMs } = this.deps;
    try {
      const d = await withinBudget(temporal, callBudgetMs, () =>
        temporal.workflow.getHandle(orderWorkflowId(orderId)).describe(),
      );
      this.temporalOutage.back();
      return {
        running: d.status.name === 'RUNNING',
        status: (d.typedSearchAttributes.get(ORDER_STATUS_KEY) ?? 'PENDING') as OrderStatus,
        customerId: d.typedSearchAttributes.get(CUSTOMER_ID_KEY),
      };
    } catch (err) {
      if (!isNotFound(err)) throw this.unavailable(err);
      this.temporalOutage.back();
      return undefined;
    }
  }

  /** Signals `cancel`; false when the workflow is gone (it closed in between and its history is gone). */
  async requestCancel(orderId: string, reason: string): Promise<boolean> {
    const { temporal, callBudgetMs } = this.deps;
    try {
      await withinBudget(temporal, callBudgetMs, () =>
        temporal.workflow.getHandle(orderWorkflowId(orderId)).signal(ORDER_MESSAGES.cancel, { reason }),
      );
      this.temporalOutage.back();
      return true;
    } catch (err) {
      if (!isNotFound(err)) throw this.unavailable(err);
      return false;
    }
  }

  /** After a failed or unanswered update-with-start: whether Temporal holds the order decides 202 (or the ended path) against 503. */
  private async afterFailedStart(input: OrderCheckoutInput, err: unknown, waitMs: number): Promise<Placement> {
    if (name(err) === 'WorkflowExecutionAlreadyStartedError') {
      // a closed workflow holds the id: an earlier placement under this key
      this.temporalOutage.back();
      await this.assertSameRequest(input);
      return { outcome: 'ended' };
    }
    const info = await this.describe(input.orderId);
    if (!info) throw isTemporalUnreached(err) ? this.unavailable(err) : err;
    await this.assertSameRequest(input);
    if (!info.running) return { outcome: 'ended' };
    this.workerOutage.down(
      isTemporalUnreached(err) ? `the placed update was not accepted within ${waitMs} ms` : temporalReason(err),
    );
    return { outcome: 'accepted', status: info.status };
  }

  /** 422 unless the order's workflow was started with this request's hash (read from its first history event, so it holds after the workflow ended). */
  private async assertSameRequest(input: OrderCheckoutInput): Promise<void> {
    const { temporal, callBudgetMs } = this.deps;
    let started: OrderCheckoutInput | undefined;
    try {
      const res = await withinBudget(temporal, callBudgetMs, () =>
        temporal.workflowService.getWorkflowExecutionHistory({
          namespace: temporal.options.namespace,
          execution: { workflowId: orderWorkflowId(input.orderId) },
          maximumPageSize: 1,
        }),
      );
      const payloads = res.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
      [started] = arrayFromPayloads(temporal.options.loadedDataConverter.payloadConverter, payloads) as [
        OrderCheckoutInput?,
      ];
    } catch (err) {
      throw this.unavailable(err);
    }
    if (typeof started?.requestHash !== 'string')
      throw new Error(`the workflow of order ${input.orderId} has no readable input`);
    if (started.requestHash !== input.requestHash) throw keyReused();
  }

  /** A Temporal failure as the gateway answers it: unreached is 503 TEMPORAL_UNAVAILABLE (and noted once per outage), anything else as is. */
  private unavailable(err: unknown): unknown {
    if (!isTemporalUnreached(err)) return err;
    const reason = temporalReason(err);
    this.temporalOutage.down(reason);
    return new TemporalUnavailableError(publicTemporalReason(err));
  }
}
