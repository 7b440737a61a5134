import { AsyncLocalStorage } from 'node:async_hooks';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { TemporalTimeoutError, isTemporalUnreached, temporalReason, withinBudget } from './temporal-call';

/** What withinBudget uses of a Temporal client: it records the deadline and runs the call with the abort signal in scope. */
function fakeClient() {
  const signal = new AsyncLocalStorage<AbortSignal>();
  const deadlines: number[] = [];
  return {
    signal,
    deadlines,
    client: {
      withDeadline: <R>(deadline: number | Date, fn: () => Promise<R>) => {
        deadlines.push(Number(deadline));
        return fn();
      },
      withAbortSignal: <R>(abort: AbortSignal, fn: () => Promise<R>) => signal.run(abort, fn),
    },
  };
}

const grpc = (code: number) => Object.assign(new Error(`${code} grpc`), { code });

describe('withinBudget', () => {
  it('answers the call, with a gRPC deadline of the budget', async () => {
    const { client, deadlines } = fakeClient();
    const before = Date.now();
    expect(await withinBudget(client, 500, async () => 'ok')).toBe('ok');
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 500);
    expect(deadlines[0]).toBeLessThan(before + 600);
  });

  it('aborts a call that is still waiting at the budget, and rejects with TemporalTimeoutError then', async () => {
    const { client, signal } = fakeClient();
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const err = await withinBudget(client, 100, () => {
      seen = signal.getStore();
      return new Promise(() => undefined);
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(400);
    expect(err).toBeInstanceOf(TemporalTimeoutError);
    expect(seen?.aborted).toBe(true);
    expect(isTemporalUnreached(err)).toBe(true);
  });

  it("passes the call's own failure through", async () => {
    const { client } = fakeClient();
    await expect(
      withinBudget(client, 500, async () => {
        throw new WorkflowNotFoundError('gone', 'w', undefined);
      }),
    ).rejects.toMatchObject({ name: 'WorkflowNotFoundError' });
  });
});

describe('isTemporalUnreached', () => {
  it.each([
    ['an update call timed out or cancelled', new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client')],
    ['UNAVAILABLE in a ServiceError', new ServiceError('Failed to describe workflow', { cause: grpc(14) })],
    ['DEADLINE_EXCEEDED', grpc(4)],
    ['CANCELLED', grpc(1)],
    ['RESOURCE_EXHAUSTED', grpc(8)],
  ])('true for %s', (_label, err) => {
    expect(isTemporalUnreached(err)).toBe(true);
  });

  it.each([
    ['a workflow that is not there', new WorkflowNotFoundError('gone', 'w', undefined)],
    ['FAILED_PRECONDITION (the server answered)', grpc(9)],
    ['a bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('false for %s', (_label, err) => {
    expect(isTemporalUnreached(err)).toBe(false);
  });

  it('names the gRPC cause as the reason', () => {
    expect(
      temporalReason(new ServiceError('Failed', { cause: new Error('14 UNAVAILABLE: No connection established') })),
    ).toBe('14 UNAVAILABLE: No connection established');
    expect(temporalReason(new Error('plain'))).toBe('plain');
  });
});
