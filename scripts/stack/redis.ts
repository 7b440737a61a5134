import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PlatformConfig } from '../../lib/config';
import { installDebianPackage } from './debian-package';
import { whichOnPath } from './python-tools';

/** `redis-server` from PATH; as root, installs Debian's package when it is missing. */
export function redisServerBinary(log: (line: string) => void = () => undefined): string {
  const found = whichOnPath('redis-server');
  if (found) return found;
  return installDebianPackage(
    'redis-server',
    () => whichOnPath('redis-server'),
    'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server), or set REDIS_URL to a running Redis.',
    log,
  );
}

/**
 * Arguments of the embedded redis-server: loopback only, data under the data folder. The event streams must survive a
 * restart, so every write goes to the append-only file (written before the reply, fsynced each second: a killed process
 * loses nothing acknowledged; a power cut, up to a second).
 */
export function redisArgs(config: PlatformConfig): string[] {
  const dir = path.join(config.DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  return [
    '--port',
    String(config.REDIS_PORT),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '60 1',
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--daemonize',
    'no',
  ];
}
