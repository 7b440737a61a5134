// The closing lines of `npm test`: jest's tests and the chaos suite's checks, summed into one plain line that any
// CI can read ("Tests: N passed, N failed, N skipped"). Reads jest's `--json` file, the cluster profile's and the newest
// chaos summary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/config';
import { CHAOS_RESULTS_DIR } from './chaos/report';
import { summarize, type ChaosResults, type JestResults } from './test-summary/summarize';

const JEST_FILE = path.join(PROJECT_ROOT, '.data', 'test-results', 'jest.json');
/** Jest's result of the cluster profile (`npm run test:cluster -- --ci`), when `npm test` ran it. */
const CLUSTER_JEST_FILE = path.join(PROJECT_ROOT, '.data', 'test-results', 'cluster-jest.json');

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function newestChaos(): ChaosResults | undefined {
  if (!existsSync(CHAOS_RESULTS_DIR)) return undefined;
  const files = readdirSync(CHAOS_RESULTS_DIR)
    .filter((f) => /^chaos-.*\.json$/.test(f))
    .sort(); // names carry the ISO start time
  const last = files.at(-1);
  return last ? readJson<ChaosResults>(path.join(CHAOS_RESULTS_DIR, last)) : undefined;
}

if (!existsSync(JEST_FILE)) {
  process.stderr.write(`✖ ${path.relative(PROJECT_ROOT, JEST_FILE)} is missing: run \`npm run jest\` first\n`);
  process.exit(1);
}
const cluster = existsSync(CLUSTER_JEST_FILE) ? readJson<JestResults>(CLUSTER_JEST_FILE) : undefined;
const { lines, ok } = summarize(readJson<JestResults>(JEST_FILE), newestChaos(), cluster);
process.stdout.write(`\n${lines.join('\n')}\n`);
process.exit(ok ? 0 : 1);
