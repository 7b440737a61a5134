// `npm run test:cluster`: the cluster profile. Runs the order scenarios (test/integration/order-scenarios.test.ts) on a
// stack of `npm run start:cluster` (the Temporal server on PostgreSQL, one process per role) with two processes of every
// worker kind and of the gateway, then `scripts/replicas-check.ts --cluster` on another such stack (the engine, the Web
// UI, every replica ready and polling, every /metrics, an order through the second gateway, the chaos suite's kills and
// audit). With `--ci` (what `npm test` runs) only the order scenarios, their jest result written to
// .data/test-results/cluster-jest.json for the closing summary. A first run on a machine builds the server,
// temporal-sql-tool and the Web UI with Go (about 7 minutes). Exits 1 when a step failed.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/config';
import { workerReplicas } from '../lib/replicas';

const say = (line: string) => process.stdout.write(`${line}\n`);
const CI = process.argv.includes('--ci');

/** Every worker kind and the gateway at two processes. */
const TWO_OF_EVERYTHING = workerReplicas(2);

/** One step of the profile: what it runs and with which extra environment. */
interface Step {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const STEPS: Step[] = [
  {
    name: `order scenarios on the cluster engine, WORKER_REPLICAS=${TWO_OF_EVERYTHING}`,
    args: [
      path.join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      'test/integration/order-scenarios.test.ts',
      '--selectProjects',
      'integration',
      ...(CI
        ? ['--json', `--outputFile=${path.join(PROJECT_ROOT, '.data', 'test-results', 'cluster-jest.json')}`]
        : []),
    ],
    env: { TEST_CLUSTER: '1', WORKER_REPLICAS: TWO_OF_EVERYTHING },
  },
  {
    name: 'replicas check on the cluster engine (pollers, /metrics, Web UI, chaos kills and audit)',
    args: ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'replicas-check.ts'), '--cluster'],
    env: {},
  },
];

function main(): number {
  const results: string[] = [];
  for (const step of CI ? STEPS.slice(0, 1) : STEPS) {
    say(`\n▶ ${step.name}`);
    const started = Date.now();
    const res = spawnSync(process.execPath, step.args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...step.env },
      stdio: 'inherit',
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push(`${res.status === 0 ? '✔' : '✖'} ${step.name}: exit ${res.status ?? res.signal} in ${seconds} s`);
  }
  say('\nCluster profile:');
  for (const line of results) say(`  ${line}`);
  return results.every((line) => line.startsWith('✔')) ? 0 : 1;
}

process.exit(main());
