// Jest global setup of the integration project: one real stack (Temporal, PostgreSQL, Redis, every worker, gateway) for all its tests.
import { startTestStack } from './stack-process';

export default async function globalSetup(): Promise<void> {
  (globalThis as { __STACK__?: unknown }).__STACK__ = await startTestStack();
}
