// `npm run replay -- <workflowId> [...]`: fetches live histories from the server and replays them against today's workflow code.
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { connectClient } from '../lib/temporal';
import { ORDER_WORKFLOW_OPTIONS } from '../workflows/worker-options';

async function main() {
  const ids = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (ids.length === 0) {
    process.stderr.write('usage: npm run replay -- <workflowId> [<workflowId> ...]\n');
    process.exit(2);
  }
  const config = loadConfig();
  const client = await connectClient(config.temporalAddress, config.TEMPORAL_NAMESPACE);
  let failed = 0;
  for (const workflowId of ids) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    try {
      await Worker.runReplayHistory(ORDER_WORKFLOW_OPTIONS, history, workflowId);
      process.stdout.write(`✔ ${workflowId}: ${history.events?.length ?? 0} events replay against today's code\n`);
    } catch (err) {
      failed += 1;
      process.stdout.write(`✖ ${workflowId}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
    }
  }
  await client.connection.close();
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
