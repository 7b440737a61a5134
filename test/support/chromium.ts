// The browser of the storefront tests: Debian's `chromium`, driven by playwright-core (whose own browser download is
// never used). Found on PATH (or at CHROMIUM_PATH); as root, the Debian package is installed when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { whichOnPath } from '../../scripts/stack/python-tools';

/** The names Debian (`chromium`) and some other distributions (`chromium-browser`) give the binary. */
const NAMES = ['chromium', 'chromium-browser'];

const found = () => NAMES.map((name) => whichOnPath(name)).find(Boolean);

/** Path of the Chromium binary; installs Debian's `chromium` package as root when none is on PATH. */
export function chromiumBinary(log: (line: string) => void = () => undefined): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist.`);
    return configured;
  }
  const onPath = found();
  if (onPath) return onPath;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'chromium is not installed. Install it (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  log('chromium not found: installing Debian package chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { env, encoding: 'utf8' });
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, encoding: 'utf8' });
    res = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { env, encoding: 'utf8' });
  }
  const installed = found();
  if (!installed) throw new Error(`apt-get install chromium failed:\n${res.stderr}`);
  return installed;
}
