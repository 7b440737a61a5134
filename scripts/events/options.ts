import { parseArgs } from 'node:util';
import { EVENT_STREAMS } from '../../contracts';
import { parseStreamId } from '../../lib/stream-ids';

/** Every event stream, in the order `all` reads them. */
export const ALL_STREAMS: readonly string[] = Object.values(EVENT_STREAMS);

/** `tail`: print entries of one stream or all, from an id or the last few, and optionally follow new ones. */
export interface TailOptions {
  command: 'tail';
  streams: string[];
  /** First entry to print (inclusive); undefined prints the last TAIL_LAST entries. */
  from?: string;
  follow: boolean;
}

/** `replay`: move one consumer group back so it is delivered the entries from `from` on again. */
export interface ReplayOptions {
  command: 'replay';
  group: string;
  /** First entry to deliver again. */
  from: string;
  /** The stream to move the group back on; undefined (or `all`): every stream where the group exists. */
  streams?: string[];
}

/** A parsed `npm run events` command line. */
export type EventsOptions = TailOptions | ReplayOptions | { command: 'help' };

/** Entries `tail` prints without `--from`. */
export const TAIL_LAST = 20;

/** What `--help` prints. */
export const EVENTS_USAGE = `npm run events -- <command> [options]

Reads the domain event streams in Redis (${ALL_STREAMS.join(', ')})
of the stack this machine's configuration names (REDIS_URL, else the embedded Redis on REDIS_PORT). Exits 0 when
done, 1 when Redis or the consumer group is not there, 2 on bad arguments.

  tail [--stream <stream>|all] [--from <id>] [--follow]
      Prints entries, oldest first: stream entry id, stream, event type, correlation id (the order id for order,
      payment and stock events) and when the change committed.
      --stream S     one stream (events.orders, or just orders), or all (default)
      --from ID      first entry to print, a stream entry id (<ms>-<seq>, or <ms>); default: the last ${TAIL_LAST}
      --follow       keep printing new entries until Ctrl-C

  replay --group <consumer group> --from <id> [--stream <stream>|all]
      Delivers the entries from --from on again to ONE consumer group, by moving the group's last-delivered id back to
      the id just before --from (XGROUP SETID). Its consumers are idempotent (each remembers the events it processed),
      so only what the group had not processed takes effect. Other groups are untouched.
      --group G      the consumer group (e.g. notifications, order-timeline)
      --from ID      first entry to deliver again (<ms>-<seq>, or <ms>)
      --stream S     one stream; default (or all): every stream where the group exists

  --help           this text
`;

/** Raised for a bad command line; the message says which option. */
export class EventsUsageError extends Error {}

/** The streams `--stream` names: `all`, a stream (`events.orders`) or its family (`orders`). */
function streamsOf(text: string): string[] {
  if (text === 'all') return [...ALL_STREAMS];
  const stream = ALL_STREAMS.includes(text) ? text : `events.${text}`;
  if (!ALL_STREAMS.includes(stream))
    throw new EventsUsageError(`--stream: "${text}" is not a stream (${ALL_STREAMS.join(', ')} or all)`);
  return [stream];
}

/** A stream entry id from `--from`: `<ms>-<seq>`, or `<ms>` for its first entry (`<ms>-0`). */
function entryId(text: string): string {
  const id = /^\d+$/.test(text) ? `${text}-0` : text;
  if (!parseStreamId(id))
    throw new EventsUsageError(
      `--from: "${text}" is not a stream entry id (<ms>-<seq>, e.g. 1796205601000-0, or <ms>)`,
    );
  return id;
}

/** Parses the events tool's command line (the arguments after `npm run events --`). */
export function parseEventsOptions(argv: string[]): EventsOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stream: { type: 'string' },
        from: { type: 'string' },
        follow: { type: 'boolean', default: false },
        group: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new EventsUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new EventsUsageError('name a command: tail or replay');
  if (extra.length > 0) throw new EventsUsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'tail') {
    if (values.group !== undefined) throw new EventsUsageError('--group belongs to replay, not tail');
    return {
      command,
      streams: streamsOf(values.stream ?? 'all'),
      ...(values.from === undefined ? {} : { from: entryId(values.from) }),
      follow: values.follow,
    };
  }
  if (command === 'replay') {
    if (values.follow) throw new EventsUsageError('--follow belongs to tail, not replay');
    if (values.group === undefined || values.group === '')
      throw new EventsUsageError('replay needs --group <consumer group>');
    if (values.from === undefined) throw new EventsUsageError('replay needs --from <stream entry id>');
    return {
      command,
      group: values.group,
      from: entryId(values.from),
      // `all` is every stream where the group exists, as when no stream is named
      ...(values.stream === undefined || values.stream === 'all' ? {} : { streams: streamsOf(values.stream) }),
    };
  }
  throw new EventsUsageError(`unknown command "${command}" (tail or replay)`);
}
