import pino, { type Logger } from 'pino';

/** Creates the process logger: one JSON line per event, tagged with the process name. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
