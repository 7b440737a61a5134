// Jest global setup of the integration project: one real stack (Temporal, PostgreSQL, Redis, every worker, gateway) for all its tests, exporting its traces to a test collector.
import { startOtlpCollector } from './otlp-collector';
import { startTestStack } from './stack-process';
import { COLLECTED_SPANS_FILE, OTLP_COLLECTOR_PORT } from './test-env';

export default async function globalSetup(): Promise<void> {
  const state = globalThis as { __STACK__?: unknown; __COLLECTOR__?: unknown };
  state.__COLLECTOR__ = await startOtlpCollector(OTLP_COLLECTOR_PORT, COLLECTED_SPANS_FILE);
  state.__STACK__ = await startTestStack();
}
