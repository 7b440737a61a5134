import { trace, type Span } from '@opentelemetry/api';

/** The trace id of `span` (by default the one active here), if it has a valid one (for log lines). */
export function activeTraceId(span: Span | undefined = trace.getActiveSpan()): string | undefined {
  const context = span?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

/** True when the environment names an OTLP endpoint (the standard `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT` variables). */
export const otlpConfigured = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
