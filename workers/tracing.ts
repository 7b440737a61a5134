import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Telemetry } from '../lib/telemetry';

/** Activity interceptor of every worker: a `RunActivity:<name>` span, child of the workflow's `StartActivity` span, and the trace and span ids on every log line of the activity. */
export const activityTracing: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/** The sink through which workflow code (which cannot do I/O) hands its spans to the worker's span processor. */
export const workflowSpanSinks = ({
  spanProcessor,
  resource,
}: Pick<Telemetry, 'spanProcessor' | 'resource'>): InjectedSinks<OpenTelemetrySinks> => ({
  exporter: makeWorkflowExporter(spanProcessor, resource),
});
