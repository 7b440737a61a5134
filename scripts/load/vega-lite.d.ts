// vega-lite ships types only behind its `exports` map, which this project's `moduleResolution: node` does not read: the
// one function the load report calls, typed here.
declare module 'vega-lite' {
  import type { Spec } from 'vega';

  /** Compiles a Vega-Lite spec to a Vega spec. */
  export function compile(spec: Record<string, unknown>): { spec: Spec };
}
