import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config';
import { gatewayUrl } from '../support/http';
import { testProcessEnv } from '../support/test-env';

describe('npm run load', () => {
  it('places the orders through the gateway, sees every one CONFIRMED, and prints the figures', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts', 'load.ts'),
        '--orders',
        '6',
        '--concurrency',
        '3',
        '--gateway',
        gatewayUrl(),
      ],
      {
        cwd: PROJECT_ROOT,
        env: testProcessEnv(),
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^placing 6 orders of 1 × sku-[a-z-]+ .* with 3 customers at once/m);
    expect(run.stdout).toMatch(/^answers to POST \/api\/orders: 201: 6$/m);
    expect(run.stdout).toMatch(/^outcomes: CONFIRMED: 6$/m);
    expect(run.stdout).toMatch(/^time to CONFIRMED \(ms\): p50 \d+ {2}p95 \d+ {2}p99 \d+ {2}max \d+ {2}\(n=6\)$/m);
    expect(run.stdout).toMatch(/^throughput: \d+\.\d confirmed orders\/s/m);
  });
});
