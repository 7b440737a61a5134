import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/config';

/** Lints `code` as if it were a file under workflows/, with the project's real ESLint config; returns the rule ids reported. */
function lintAsWorkflow(code: string): { ruleId: string | null; message: string }[] {
  const eslint = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'eslint');
  const res = spawnSync(
    eslint,
    ['--stdin', '--stdin-filename', path.join(PROJECT_ROOT, 'workflows', 'lint-probe.ts'), '--format', 'json'],
    {
      cwd: PROJECT_ROOT,
      input: code,
      encoding: 'utf8',
    },
  );
  const [report] = JSON.parse(res.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return report.messages;
}

const restricted = (code: string) => lintAsWorkflow(code).filter((m) => m.ruleId === 'no-restricted-imports');

describe('the workflow sandbox lint rule', () => {
  it.each([
    ["import fs from 'node:fs';"],
    ["import { readFileSync } from 'fs';"],
    ["import { createHash } from 'crypto';"],
    ["import { loadConfig } from '../lib/config';"],
    ["import { createUsersActivities } from '../activities/users/activities';"],
    ["import { MikroORM } from '@mikro-orm/core';"],
    ["import { Client } from '@temporalio/client';"],
    ["import { Worker } from '@temporalio/worker';"],
    ["import { Context } from '@temporalio/activity';"],
  ])('rejects %s', (line) => {
    expect(restricted(`${line}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it('allows @temporalio/workflow, contracts, and type-only imports of activities', () => {
    const code = [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import { TASK_QUEUES } from '../contracts';",
      "import type { createUsersActivities } from '../activities/users/activities';",
      'export const a = proxyActivities<ReturnType<typeof createUsersActivities>>({ taskQueue: TASK_QUEUES.users, startToCloseTimeout: 1000 });',
    ].join('\n');
    expect(restricted(code)).toEqual([]);
  });
});
