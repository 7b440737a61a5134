/** Nearest-rank percentile `p` (0-100) of `values`; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `p50 … p95 … p99 … max` of millisecond figures, rounded, as one line. */
export function latencyLine(values: number[]): string {
  if (values.length === 0) return 'none';
  const f = (n: number) => `${Math.round(n)}`;
  return `p50 ${f(percentile(values, 50))}  p95 ${f(percentile(values, 95))}  p99 ${f(percentile(values, 99))}  max ${f(Math.max(...values))}  (n=${values.length})`;
}

/** Counts of each value, as `a: 3, b: 1`, most frequent first. */
export function tally(values: (string | number)[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || 'none'
  );
}
