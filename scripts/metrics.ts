// `npm run metrics [-- --check]`: prints every Prometheus `/metrics` endpoint of this machine's stack (from its
// configuration: GATEWAY_METRICS_PORT, <SERVICE>_HTTP_PORT, TEMPORAL_METRICS_PORT); with --check, fetches each and says
// ok or failed (exit 1 when one failed); with --cluster, the four server roles of `npm run start:cluster`.
import { loadConfig } from '../lib/config';
import { checkEndpoints, metricsEndpoints } from './metrics/endpoints';

const USAGE = 'Usage: npm run metrics [-- [--check] [--cluster]]\n';

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--check' && a !== '--cluster');
  if (unknown.length > 0) {
    process.stderr.write(`✖ unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const check = args.includes('--check');
  const endpoints = metricsEndpoints(loadConfig(), '127.0.0.1', args.includes('--cluster'));
  if (!check) {
    const width = Math.max(...endpoints.map((e) => e.process.length));
    for (const e of endpoints) process.stdout.write(`${e.process.padEnd(width)}  ${e.url}  (${e.carries})\n`);
    return 0;
  }
  const { lines, failed } = await checkEndpoints(endpoints);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(failed.length ? `${failed.length} of ${endpoints.length} failed\n` : 'all answered\n');
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✖ ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
