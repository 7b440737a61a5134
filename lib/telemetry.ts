import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { otlpConfigured } from './trace-context';

/** Prefix of every process's `service.name` in traces (`durable-commerce-gateway`, `durable-commerce-orders`, …). */
export const TRACE_SERVICE_PREFIX = 'durable-commerce-';

/** What a process needs to trace: the resource naming it and the processor that exports its spans (also fed by workflow spans). */
export interface Telemetry {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Stops the instrumentations (no more spans, no more `traceparent` on outgoing calls), flushes pending spans and stops the SDK. */
  shutdown: () => Promise<void>;
}

/** Health and readiness probes and Prometheus scrapes come every few seconds: tracing them would bury the requests that matter. */
const isProbe = (path = '') => /^\/(health|ready|metrics)(\?|$)/.test(path);

let started: Telemetry | undefined;

/**
 * Starts OpenTelemetry for this process (once): HTTP server spans, `http` and `fetch` client spans that pass the
 * context on in `traceparent` (probes and scrapes left out), `pg.query:*` spans of each SQL statement inside a trace, and the tracer that the Temporal interceptors use. Spans go to
 * OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (Jaeger, an OpenTelemetry Collector, …); otherwise they are made
 * (so trace ids reach logs and workflow headers) but not exported. The gateway calls it before anything else loads
 * (`api/tracing.ts`), as OpenTelemetry advises; workers call it at the start of `runService`. Tests pass their own
 * `spanProcessor`.
 */
export function startTelemetry(
  service: string,
  spanProcessor: SpanProcessor = otlpConfigured()
    ? new BatchSpanProcessor(new OTLPTraceExporter())
    : new NoopSpanProcessor(),
): Telemetry {
  if (started) return started;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: `${TRACE_SERVICE_PREFIX}${service}` });
  // Koa 3 is beyond @opentelemetry/instrumentation-koa: the gateway's request log names the server span by its route instead
  const instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => isProbe(req.url),
      ignoreOutgoingRequestHook: (req) => isProbe(req.path ?? undefined),
    }),
    new UndiciInstrumentation({ ignoreRequestHook: (req) => isProbe(req.path) }),
    // one span per SQL statement (MikroORM's knex runs on `pg`), child of the activity's span; only inside a trace
    new PgInstrumentation({ requireParentSpan: true }),
  ];
  const sdk = new NodeSDK({
    resource,
    spanProcessors: [spanProcessor],
    logRecordProcessors: [], // logs stay pino lines on stdout
    instrumentations,
  });
  sdk.start();
  started = {
    resource,
    spanProcessor,
    // NodeSDK's shutdown leaves the instrumentations on: `http` stays patched and every `fetch` would still carry a
    // traceparent of a trace nobody exports (and the next one in this process, e.g. jest's, would join it)
    shutdown: async () => {
      for (const instrumentation of instrumentations) instrumentation.disable();
      started = undefined;
      await sdk.shutdown();
      // and the globals it registered, so that a later start in this process registers its own
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  return started;
}
