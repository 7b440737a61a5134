import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { Logger } from 'pino';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Errors in metadata become plain objects pino can print (it only serialises `err` by itself). */
const plain = (meta: LogMetadata = {}) =>
  Object.fromEntries(
    Object.entries(meta).map(([k, v]) => [
      k,
      v instanceof Error ? { type: v.name, message: v.message, cause: (v.cause as Error | undefined)?.message } : v,
    ]),
  );

/** Adapts pino to the Temporal SDK's logger, so SDK, workflow and activity logs are JSON lines like the rest. */
export function temporalLogger(pino: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => pino[LEVELS[level]](plain(meta), message);
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
