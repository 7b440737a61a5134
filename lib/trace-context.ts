import { trace } from '@opentelemetry/api';

/** The trace id of the span active here, if any (for log lines). */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

/** True when the environment names an OTLP endpoint (the standard `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT` variables). */
export const otlpConfigured = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
