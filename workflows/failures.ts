/** The `type` of the first ApplicationFailure in an error's cause chain (activity failures wrap it), if any. */
export function failureType(err: unknown): string | undefined {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return undefined;
}
