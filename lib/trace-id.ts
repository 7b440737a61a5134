import { trace } from '@opentelemetry/api';

/** The trace id of the span active here, if any (for log lines). */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
