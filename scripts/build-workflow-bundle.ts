// Second step of `npm run build`: bundles the orders workflows and their interceptors once (webpack, as the worker
// would at start) into dist/workflows/bundle.js, which the compiled orders worker loads.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ORDER_WORKFLOW_OPTIONS, WORKFLOW_BUNDLE_FILE } from '../workflows/worker-options';

async function main() {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: ORDER_WORKFLOW_OPTIONS.workflowsPath,
    workflowInterceptorModules: ORDER_WORKFLOW_OPTIONS.interceptors.workflowModules,
    logger: {
      log: () => undefined,
      error: () => undefined,
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      trace: () => undefined,
    },
  });
  mkdirSync(path.dirname(WORKFLOW_BUNDLE_FILE), { recursive: true });
  writeFileSync(WORKFLOW_BUNDLE_FILE, code);
  process.stdout.write(
    `workflow bundle: ${WORKFLOW_BUNDLE_FILE} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
