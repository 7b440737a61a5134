// `npm run events -- tail|replay [options]` (see `--help`): reads the domain event streams in Redis. `tail` prints
// entries (stream id, type, correlation id, time), optionally following new ones; `replay` re-delivers entries to one
// consumer group by moving its last-delivered id back. Connects to the Redis of this machine's configuration (REDIS_URL,
// else the embedded Redis on REDIS_PORT).
import { Redis } from 'ioredis';
import { loadConfig } from '../lib/config';
import { EventsError, replay, tail } from './events/commands';
import { EVENTS_USAGE, parseEventsOptions, type EventsOptions } from './events/options';

const fail = (message: string, code: number): never => {
  process.stderr.write(`✖ ${message}\n`);
  process.exit(code);
};

let options: EventsOptions;
try {
  options = parseEventsOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`✖ ${(err as Error).message}\n\n${EVENTS_USAGE}`);
  process.exit(2);
}

async function main(options: Exclude<EventsOptions, { command: 'help' }>): Promise<void> {
  let redisUrl: string;
  try {
    redisUrl = loadConfig().redisUrl;
  } catch (err) {
    return fail((err as Error).message, 1);
  }
  const follow = options.command === 'tail' && options.follow;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectionName: 'events-cli',
    maxRetriesPerRequest: follow ? 1 : 0,
    // following, reconnect after a Redis restart; else a lost connection is an error at once
    retryStrategy: follow ? (times) => Math.min(times * 200, 2_000) : () => null,
  });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError = err)); // the command that fails says why
  const where = new URL(redisUrl).host; // no credentials in the output
  try {
    await redis.connect();
  } catch (err) {
    return fail(
      `cannot reach Redis at ${where} (${(lastError ?? (err as Error)).message}): is the stack running (npm start)? ` +
        'This reads REDIS_URL, else the embedded Redis on REDIS_PORT.',
      1,
    );
  }
  const stop = new AbortController();
  process.once('SIGINT', () => {
    stop.abort();
    redis.disconnect();
  });
  try {
    if (options.command === 'tail')
      await tail(redis, options, (line) => process.stdout.write(`${line}\n`), stop.signal);
    else await replay(redis, options, (text) => process.stdout.write(text));
  } catch (err) {
    if (!stop.signal.aborted)
      fail(err instanceof EventsError ? err.message : `Redis at ${where}: ${(err as Error).message}`, 1);
  } finally {
    redis.disconnect();
  }
}

if (options.command === 'help') process.stdout.write(EVENTS_USAGE);
else void main(options).then(() => process.exit(0));
