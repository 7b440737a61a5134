import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { connectWorker } from '../../lib/temporal';
import { benchEmpty, benchOneHop, type FloorActivities } from './floor-workflows';
import { readAnatomy, type Anatomy } from './hop-anatomy';
import { perSecond, runConcurrently, summarize, type LatencySummary } from './stats';

/** The bench's own task queues: workflows on one, the one-hop activity on another (a remote hop, as in checkout). */
export const FLOOR_TASK_QUEUES = { workflows: 'bench-floor', activities: 'bench-hop' } as const;

/** The two workflows of the floor. */
export type FloorKind = 'empty' | 'one-hop';

/** One kind at one concurrency: `client.workflow.execute` to its result, per workflow. */
export interface FloorLevel {
  kind: FloorKind;
  concurrency: number;
  latency: LatencySummary;
  /** Completed workflows per second over the level's wall time. */
  perSecond: number | null;
  elapsedMs: number;
  failures: number;
}

/** The whole floor measurement. */
export interface FloorResult {
  taskQueues: typeof FLOOR_TASK_QUEUES;
  /** Workflows of each kind run first and not counted (bundle loaded, connections and caches warm). */
  warmup: number;
  /** Time to bundle the workflows and start both workers, in ms. */
  setupMs: number;
  levels: FloorLevel[];
  /** Where the time of each kind goes at concurrency 1: median gaps between its history events (`hop-anatomy.ts`). */
  anatomy: Partial<Record<FloorKind, Anatomy>>;
}

/** Histories read per kind for the anatomy (the last ones of the concurrency-1 level). */
const ANATOMY_RUNS = 20;

const WARMUP = 10;

/**
 * Installs a Temporal runtime that logs errors only: the worker's state changes, and the warning that the workflow
 * worker polls no activity queue (on purpose: the hop goes to the other worker), would fill the bench's output.
 */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed (a second floor in the same process): keep it
  }
}

/**
 * Runs the engine floor against Temporal at `temporalAddress`: a worker of this process on FLOOR_TASK_QUEUES.workflows
 * hosts `benchEmpty` and `benchOneHop`, a second one serves `benchNoop` on FLOOR_TASK_QUEUES.activities; each kind runs
 * `runs` times at concurrency 1 and `2 × runs` times at 10. Both workers are shut down before it returns.
 */
export async function measureEngineFloor(
  client: Client,
  temporal: { address: string; namespace: string },
  runs: number,
  runId: string,
  say: (line: string) => void,
): Promise<FloorResult> {
  quietRuntime();
  const setupStarted = performance.now();
  const connection = await connectWorker(temporal.address);
  const activities: FloorActivities = { benchNoop: async () => undefined };
  const workers = await Promise.all([
    Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: FLOOR_TASK_QUEUES.workflows,
      workflowsPath: require.resolve('./floor-workflows'),
    }),
    Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: FLOOR_TASK_QUEUES.activities,
      activities,
    }),
  ]);
  const running = Promise.all(workers.map((w) => w.run()));
  // a worker that stops (Temporal gone) ends every wait instead of leaving the bench hanging on a result
  const stopped = running.then(() => Promise.reject(new Error('the floor workers stopped')));
  stopped.catch(() => undefined);
  const setupMs = Math.round(performance.now() - setupStarted);
  let seq = 0;
  const serialIds: Record<FloorKind, string[]> = { empty: [], 'one-hop': [] };
  const once = async (kind: FloorKind, ids?: string[]): Promise<number | undefined> => {
    const options = { taskQueue: FLOOR_TASK_QUEUES.workflows, workflowId: `bench-floor-${runId}-${kind}-${++seq}` };
    ids?.push(options.workflowId);
    const started = performance.now();
    try {
      const done =
        kind === 'empty'
          ? client.workflow.execute(benchEmpty, options)
          : client.workflow.execute(benchOneHop, { ...options, args: [FLOOR_TASK_QUEUES.activities] });
      await Promise.race([done, stopped]);
      return performance.now() - started;
    } catch {
      return undefined;
    }
  };
  try {
    for (const kind of ['empty', 'one-hop'] as const) for (let i = 0; i < WARMUP; i++) await once(kind);
    const levels: FloorLevel[] = [];
    for (const kind of ['empty', 'one-hop'] as const) {
      for (const concurrency of [1, 10]) {
        const total = concurrency === 1 ? runs : runs * 2;
        const ids = concurrency === 1 ? serialIds[kind] : undefined;
        const { results, elapsedMs } = await runConcurrently(total, concurrency, () => once(kind, ids));
        const times = results.filter((t): t is number => t !== undefined);
        const level: FloorLevel = {
          kind,
          concurrency,
          latency: summarize(times),
          perSecond: perSecond(times.length, elapsedMs),
          elapsedMs: Math.round(elapsedMs),
          failures: total - times.length,
        };
        say(`  floor ${kind} c=${concurrency}: p50 ${level.latency.p50} ms, ${level.perSecond}/s (n=${times.length})`);
        levels.push(level);
      }
    }
    const anatomy: Partial<Record<FloorKind, Anatomy>> = {};
    for (const kind of ['empty', 'one-hop'] as const) {
      const read = await readAnatomy(client, serialIds[kind].slice(-ANATOMY_RUNS));
      if (read) anatomy[kind] = read;
    }
    return { taskQueues: FLOOR_TASK_QUEUES, warmup: WARMUP, setupMs, levels, anatomy };
  } finally {
    for (const w of workers) w.shutdown();
    await running;
    await connection.close();
  }
}
