import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';

const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }); // expected refusals would log WARN

/** Runs an activity in a mock activity context (so `Context.current()` works), keeping its types. */
export const runActivity = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> =>
  env.run<A, R, typeof fn>(fn, ...args);
