import { MockActivityEnvironment } from '@temporalio/testing';
import type { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';

const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }); // expected refusals would log WARN

/** Runs an activity in a mock activity context (so `Context.current()` works), keeping its types. */
export const runActivity = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> =>
  env.run<A, R, typeof fn>(fn, ...args);

/** The failure an activity call ended with (the test fails if it succeeded). */
export const activityFailure = (p: Promise<unknown>): Promise<ApplicationFailure> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: ApplicationFailure) => err,
  );
