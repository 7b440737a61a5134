// Imported first by api/server.ts: tracing starts before Koa and http load, so their instrumentation applies.
import { startTelemetry } from '../lib/telemetry';

startTelemetry('gateway');
