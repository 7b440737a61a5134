import { percentile } from '../load/stats';
import type { LatencySummary as LoadLatencySummary } from '../load/report';

/** The load tool's latency summary (nearest rank; null when there are no figures), plus the mean. */
export interface LatencySummary extends LoadLatencySummary {
  mean: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** n, p50, p95, p99, max and mean of `values` (ms), rounded to 0.1 ms. */
export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  const list = [...values];
  return {
    n: list.length,
    p50: round1(percentile(list, 50)),
    p95: round1(percentile(list, 95)),
    p99: round1(percentile(list, 99)),
    max: round1(Math.max(...list)),
    mean: round1(list.reduce((a, b) => a + b, 0) / list.length),
  };
}

/** Events per second: `count` over `elapsedMs`; null when nothing was timed. */
export const perSecond = (count: number, elapsedMs: number): number | null =>
  elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000 * 100) / 100 : null;

/**
 * Runs `task(0)` … `task(total - 1)` with at most `concurrency` running at once (a closed loop: a slot starts its next
 * task when its last one ends); the results in task order, and the wall time of the whole, in ms.
 */
export async function runConcurrently<T>(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<{ results: T[]; elapsedMs: number }> {
  const results = new Array<T>(total);
  let next = 0;
  const started = performance.now();
  const slot = async () => {
    while (next < total) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, slot));
  return { results, elapsedMs: performance.now() - started };
}

/** Counts of each value as a plain object (for JSON and the table); words most frequent first, after any numbers. */
export function countBy(values: readonly (string | number)[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
