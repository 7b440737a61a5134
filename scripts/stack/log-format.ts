const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'sdkComponent', 'taskQueue']);
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Turns a pino JSON line into `HH:MM:SS LEVEL message {extra}`; other lines pass unchanged. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.msg !== 'string') return line;
    const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
    const level = LEVELS[entry.level as number] ?? String(entry.level ?? '');
    const extra = Object.fromEntries(Object.entries(entry).filter(([k]) => !HIDDEN.has(k)));
    return `${time} ${level.padEnd(5)} ${entry.msg}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  } catch {
    return line;
  }
}

/** Splits a stream's chunks into whole lines. */
export function lineSplitter(onLine: (line: string) => void) {
  let rest = '';
  return (chunk: Buffer | string) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) onLine(part.replace(/\r$/, ''));
  };
}
