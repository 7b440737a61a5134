import { spawnSync } from 'node:child_process';

/**
 * Installs Debian's package `pkg` as root (apt-get install, then update and install again if that failed) and
 * returns `find()` afterwards; throws with apt-get's error output when the binary is still missing. `notRoot` is the
 * message when this process may not install packages.
 */
export function installDebianPackage(
  pkg: string,
  find: () => string | undefined,
  notRoot: string,
  log: (line: string) => void = () => undefined,
): string {
  if (process.getuid?.() !== 0) throw new Error(notRoot);
  log(`${pkg} not found: installing Debian package ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-q', pkg], { env, encoding: 'utf8' });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, encoding: 'utf8' });
    res = spawnSync('apt-get', ['install', '-y', '-q', pkg], { env, encoding: 'utf8' });
  }
  const installed = find();
  if (!installed) throw new Error(`apt-get install ${pkg} failed:\n${res.stderr}`);
  return installed;
}
