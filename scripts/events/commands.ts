import type { Redis } from 'ioredis';
import { compareStreamIds, pairValue, previousStreamId } from '../../lib/stream-ids';
import {
  byEntryId,
  entryRow,
  formatRow,
  HEADER,
  replayReport,
  type EntryRow,
  type GroupMove,
  type RawEntry,
} from './format';
import { ALL_STREAMS, TAIL_LAST, type ReplayOptions, type TailOptions } from './options';

/** Raised when the command cannot do what was asked (no such group, a replay forward); exit 1 with its message. */
export class EventsError extends Error {}

/** What the commands use of a Redis connection. */
export type EventsRedis = Pick<Redis, 'xrange' | 'xrevrange' | 'xread' | 'xinfo' | 'xgroup'>;

/** Entries read per XRANGE round trip. */
const PAGE = 1_000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Prints entries of `options.streams` oldest first, merged by id: from `--from` (inclusive) to the end, or the last
 * TAIL_LAST; with `--follow`, then every new entry until `stop` aborts (a failed read is retried from the last id printed).
 */
export async function tail(
  redis: EventsRedis,
  options: TailOptions,
  print: (line: string) => void,
  stop: AbortSignal = new AbortController().signal,
): Promise<void> {
  const positions = new Map<string, string>();
  print(HEADER);
  const show = (rows: EntryRow[]) => {
    for (const row of byEntryId(rows)) {
      print(formatRow(row));
      positions.set(row.stream, row.id);
    }
  };

  if (options.from === undefined) {
    const newest: EntryRow[] = [];
    for (const stream of options.streams) {
      const entries = (await redis.xrevrange(stream, '+', '-', 'COUNT', TAIL_LAST)) as RawEntry[];
      positions.set(stream, entries[0]?.[0] ?? '0-0');
      newest.push(...entries.map((e) => entryRow(stream, e)));
    }
    show(byEntryId(newest).slice(-TAIL_LAST));
  } else {
    for (const stream of options.streams) positions.set(stream, previousStreamId(options.from));
    await printFrom(redis, options.streams, options.from, show);
  }

  let failing = false;
  while (options.follow && !stop.aborted) {
    try {
      const reply = (await redis.xread(
        'COUNT',
        PAGE,
        'BLOCK',
        2_000,
        'STREAMS',
        ...options.streams,
        ...options.streams.map((s) => positions.get(s)!),
      )) as [string, RawEntry[]][] | null;
      if (failing) process.stderr.write('… reading again\n');
      failing = false;
      show((reply ?? []).flatMap(([stream, entries]) => entries.map((e) => entryRow(stream, e))));
    } catch (err) {
      if (stop.aborted) return;
      if (!failing) process.stderr.write(`… Redis read failed (${messageOf(err)}); retrying\n`);
      failing = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** Prints every entry from `from` (inclusive) of several streams in id order, a page of each at a time. */
async function printFrom(
  redis: EventsRedis,
  streams: string[],
  from: string,
  show: (rows: EntryRow[]) => void,
): Promise<void> {
  const cursors = streams.map((stream) => ({ stream, buffer: [] as RawEntry[], next: from as string | undefined }));
  for (;;) {
    for (const c of cursors) {
      if (c.buffer.length > 0 || c.next === undefined) continue;
      c.buffer = (await redis.xrange(c.stream, c.next, '+', 'COUNT', PAGE)) as RawEntry[];
      c.next = c.buffer.length < PAGE ? undefined : `(${c.buffer[c.buffer.length - 1]![0]}`;
    }
    const live = cursors.filter((c) => c.buffer.length > 0);
    if (live.length === 0) return;
    const first = live.reduce((a, b) => (compareStreamIds(a.buffer[0]![0], b.buffer[0]![0]) <= 0 ? a : b));
    show([entryRow(first.stream, first.buffer.shift()!)]);
  }
}

/** The consumer groups of `stream` with their last-delivered id (none when the stream does not exist). */
async function groupsOf(redis: EventsRedis, stream: string): Promise<{ name: string; lastDelivered: string }[]> {
  let groups: unknown[][];
  try {
    groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  } catch (err) {
    if (/no such key/i.test(messageOf(err))) return [];
    throw err;
  }
  return groups.map((fields) => ({
    name: String(pairValue(fields, 'name') ?? ''),
    lastDelivered: String(pairValue(fields, 'last-delivered-id') ?? '0-0'),
  }));
}

/** Counts the entries of `stream` from `from` (inclusive) to its end. */
async function countFrom(redis: EventsRedis, stream: string, from: string): Promise<number> {
  let count = 0;
  for (let start = from; ;) {
    const page = (await redis.xrange(stream, start, '+', 'COUNT', PAGE)) as RawEntry[];
    count += page.length;
    if (page.length < PAGE) return count;
    start = `(${page[page.length - 1]![0]}`;
  }
}

/**
 * Moves ONE consumer group back so it is delivered every entry from `--from` on again: XGROUP SETID to the id just before
 * it, on each stream named (or every stream where the group exists). Checks every stream before it moves any; refuses a
 * move forward (that would skip entries, not replay them). Returns the report it printed.
 */
export async function replay(
  redis: EventsRedis,
  options: ReplayOptions,
  print: (text: string) => void,
): Promise<string> {
  const streams = options.streams ?? [...ALL_STREAMS];
  const targets: { stream: string; lastDelivered: string }[] = [];
  const seen = new Set<string>();
  for (const stream of streams) {
    const groups = await groupsOf(redis, stream);
    groups.forEach((g) => seen.add(g.name));
    const group = groups.find((g) => g.name === options.group);
    if (group) targets.push({ stream, lastDelivered: group.lastDelivered });
    else if (options.streams)
      throw new EventsError(
        `${stream} has no consumer group "${options.group}" (its groups: ${groups.map((g) => g.name).join(', ') || 'none'})`,
      );
  }
  if (targets.length === 0)
    throw new EventsError(
      `no stream has a consumer group "${options.group}" (groups there: ${[...seen].sort().join(', ') || 'none'})`,
    );
  const to = previousStreamId(options.from);
  for (const t of targets) {
    if (compareStreamIds(to, t.lastDelivered) > 0)
      throw new EventsError(
        `--from ${options.from} is after the last entry of ${t.stream} delivered to ${options.group} (${t.lastDelivered}): ` +
          'replay only moves a group back (entries after that id are still to be delivered anyway)',
      );
  }
  const moves: GroupMove[] = [];
  for (const t of targets) {
    const entries = await countFrom(redis, t.stream, options.from);
    await redis.xgroup('SETID', t.stream, options.group, to);
    moves.push({ stream: t.stream, before: t.lastDelivered, after: to, entries });
  }
  const report = replayReport(options.group, options.from, moves);
  print(report);
  return report;
}
