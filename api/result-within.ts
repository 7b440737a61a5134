import type { WorkflowHandle } from '@temporalio/client';

/** The workflow's result if it completes within `ms`, else `undefined` (the workflow goes on; durable work is not abandoned). */
export async function resultWithin<T>(handle: WorkflowHandle, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([handle.result() as Promise<T>, late]);
  } finally {
    clearTimeout(timer);
  }
}
