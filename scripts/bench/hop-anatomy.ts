import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { summarize } from './stats';

/** One event of a workflow history, as the anatomy reads it. */
export interface TimedEvent {
  eventType: string;
  eventTime: string;
}

/** One step between two consecutive history events: its median gap over the histories read. */
export interface AnatomyStep {
  /** The event that ends the step, without its `EVENT_TYPE_` prefix, e.g. `ACTIVITY_TASK_STARTED`. */
  event: string;
  medianMs: number;
}

/** Where one workflow kind's time goes: the median gap before each event, over `n` histories of the same shape. */
export interface Anatomy {
  n: number;
  steps: AnatomyStep[];
  /** Median of first event to last. */
  totalMs: number;
}

const shortName = (type: string) => type.replace(/^EVENT_TYPE_/, '');

/**
 * The median gap before each event over histories of one shape (the most common sequence of event types; others are
 * left out). A gap "→ X_TASK_STARTED" is the server dispatching a task to a polling worker; "→ X_TASK_COMPLETED" is
 * the worker's work plus the server recording its answer.
 */
export function anatomyOf(histories: readonly (readonly TimedEvent[])[]): Anatomy | undefined {
  const shapeOf = (h: readonly TimedEvent[]) => h.map((e) => e.eventType).join(',');
  const counts = new Map<string, number>();
  for (const h of histories) counts.set(shapeOf(h), (counts.get(shapeOf(h)) ?? 0) + 1);
  const shape = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const same = histories.filter((h) => h.length > 1 && shapeOf(h) === shape);
  if (same.length === 0) return undefined;
  const times = same.map((h) => h.map((e) => Date.parse(e.eventTime)));
  const steps = same[0]!.slice(1).map((e, i) => ({
    event: shortName(e.eventType),
    medianMs: summarize(times.map((t) => t[i + 1]! - t[i]!)).p50 ?? 0,
  }));
  return { n: same.length, steps, totalMs: summarize(times.map((t) => t[t.length - 1]! - t[0]!)).p50 ?? 0 };
}

/** Reads the histories of `workflowIds` and returns their anatomy (undefined when none could be read). */
export async function readAnatomy(client: Client, workflowIds: readonly string[]): Promise<Anatomy | undefined> {
  const histories = await Promise.all(
    workflowIds.map(async (id) => {
      try {
        const history = await client.workflow.getHandle(id).fetchHistory();
        return (JSON.parse(historyToJSON(history)) as { events: TimedEvent[] }).events;
      } catch {
        return [];
      }
    }),
  );
  return anatomyOf(histories);
}
