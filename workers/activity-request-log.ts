import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../contracts';
import { activityRequest } from '../lib/activity-request';

/**
 * Activity interceptor of every worker: reads the request id the workflow put in the activity's header, adds it to every
 * log line of the activity (SDK and user logs alike) and to the activity's async context (`lib/activity-request.ts`, for
 * the events it writes), and logs one `activity completed` line per execution at info level
 * (the SDK's own lines are debug; its failure lines are warn and carry the id too).
 */
export const activityRequestLog: ActivityInterceptorsFactory = (ctx) => {
  let requestId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        const header = input.headers[REQUEST_ID_HEADER];
        if (header) requestId = defaultPayloadConverter.fromPayload<string>(header);
        const started = process.hrtime.bigint();
        const result = await activityRequest.run({ requestId }, () => next(input));
        ctx.log.info('activity completed', { durationMs: Number(process.hrtime.bigint() - started) / 1e6 });
        return result;
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
    },
  };
};
