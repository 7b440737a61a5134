import { AsyncLocalStorage } from 'node:async_hooks';

/** What an activity execution knows of the request that caused it (set by the workers' activity interceptor). */
export interface ActivityRequest {
  /** The gateway's request id, carried from the workflow in the activity's header. */
  requestId?: string;
}

/** The request of the activity running in this async context, for code that has no Temporal context at hand. */
export const activityRequest = new AsyncLocalStorage<ActivityRequest>();
