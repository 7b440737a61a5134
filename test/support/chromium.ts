// The browser of the storefront tests: Debian's `chromium`, driven by playwright-core (whose own browser download is
// never used). Found on PATH (or at CHROMIUM_PATH); as root, the Debian package is installed when it is missing.
import { existsSync } from 'node:fs';
import { installDebianPackage } from '../../scripts/stack/debian-package';
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
  return installDebianPackage(
    'chromium',
    found,
    'chromium is not installed. Install it (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary.',
    log,
  );
}
