import { spawnSync } from 'node:child_process';
import { temporalCli } from '../../scripts/stack/temporal';
import { testConfig } from './test-env';

/** Runs the real `temporal` CLI against the test stack's server; returns exit status and output. */
export function temporal(...args: string[]) {
  const config = testConfig();
  const res = spawnSync(temporalCli(config), [...args, '--address', config.temporalAddress], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `temporal workflow list --query` parsed as JSON lines. */
export function listWorkflows(query: string): { execution: { workflowId: string }; status: string }[] {
  const res = temporal('workflow', 'list', '--query', query, '--output', 'json');
  if (res.status !== 0) throw new Error(`temporal workflow list failed: ${res.stderr}`);
  const text = res.stdout.trim();
  if (!text) return [];
  return text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l));
}
