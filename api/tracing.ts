// Imported first by api/server.ts: tracing starts before http loads, so its instrumentation applies.
import { startTelemetry } from '../lib/telemetry';

startTelemetry('gateway');
