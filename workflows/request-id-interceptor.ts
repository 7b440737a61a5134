import { defaultPayloadConverter } from '@temporalio/common';
import { log, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '../contracts/request-context';

/**
 * Carries the `requestId` of a workflow's input (the gateway request that started it) into the header of every activity
 * the workflow schedules, and into the workflow's own log lines. Headers are not part of the command sequence checked on
 * replay, so this changes no history.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let requestId: string | undefined;
  const withHeader = <T extends { headers: Record<string, unknown> }>(input: T): T =>
    requestId
      ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } }
      : input;
  return {
    inbound: [
      {
        async execute(input, next) {
          const first = input.args[0] as { requestId?: unknown } | undefined;
          if (typeof first?.requestId === 'string') requestId = first.requestId;
          else log.debug('workflow started without a requestId');
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(withHeader(input)),
        scheduleLocalActivity: (input, next) => next(withHeader(input)),
        getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
      },
    ],
  };
};
