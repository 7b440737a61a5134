import { STREAM_ENTRY_FIELDS } from '../../contracts';
import { compareStreamIds, pairValue, parseStreamId, type RawStreamEntry } from '../../lib/stream-ids';

/** An entry as ioredis answers XRANGE and XREAD. */
export type RawEntry = RawStreamEntry;

/** One stream entry as `tail` prints it. */
export interface EntryRow {
  id: string;
  stream: string;
  type: string;
  correlationId: string;
  /** When the change committed (the envelope's timestamp), else when Redis added the entry (from its id). */
  timestamp: string;
}

const field = pairValue<string>;

/** When Redis added the entry, from the milliseconds of its id. */
const addedAt = (id: string): string => {
  const ms = Number(parseStreamId(id)?.[0] ?? 0n);
  return Number.isFinite(ms) && ms <= 8.64e15 ? new Date(ms).toISOString() : '?';
};

/** The row of an entry of `stream`: a field the relay did not write shows as `?`. */
export function entryRow(stream: string, [id, fields]: RawEntry): EntryRow {
  let timestamp: string | undefined;
  try {
    const event = JSON.parse(field(fields, STREAM_ENTRY_FIELDS.event) ?? 'null') as {
      metadata?: { timestamp?: unknown };
    } | null;
    if (typeof event?.metadata?.timestamp === 'string') timestamp = event.metadata.timestamp;
  } catch {
    // not JSON: the time Redis added it
  }
  return {
    id,
    stream,
    type: field(fields, STREAM_ENTRY_FIELDS.type) ?? '?',
    correlationId: field(fields, STREAM_ENTRY_FIELDS.correlationId) ?? '?',
    timestamp: timestamp ?? addedAt(id),
  };
}

/** Rows of several streams in one order: by entry id (ids are Redis's clock, so this is the order they were added in). */
export const byEntryId = (rows: EntryRow[]): EntryRow[] =>
  [...rows].sort((a, b) => compareStreamIds(a.id, b.id) || a.stream.localeCompare(b.stream));

const WIDTHS = { id: 20, stream: 17, type: 18, correlationId: 36 } as const;

/** One aligned line: id, stream, type, correlation id, timestamp. */
export const formatRow = (row: EntryRow): string =>
  [
    row.id.padEnd(WIDTHS.id),
    row.stream.padEnd(WIDTHS.stream),
    row.type.padEnd(WIDTHS.type),
    row.correlationId.padEnd(WIDTHS.correlationId),
    row.timestamp,
  ].join('  ');

/** The heading line above the rows. */
export const HEADER = formatRow({
  id: 'STREAM ID',
  stream: 'STREAM',
  type: 'TYPE',
  correlationId: 'CORRELATION ID',
  timestamp: 'TIMESTAMP',
});

/** What `replay` did on one stream. */
export interface GroupMove {
  stream: string;
  /** The group's last-delivered id before the move. */
  before: string;
  /** Where it was set: the id just before `--from`. */
  after: string;
  /** Entries from `--from` to the end of the stream: what the group is delivered again. */
  entries: number;
}

/** The report of a replay: one line per stream moved, then why a second delivery is harmless. */
export function replayReport(group: string, from: string, moves: GroupMove[]): string {
  const lines = moves.map(
    (m) =>
      `${m.stream}: group ${group} moved back from ${m.before} to ${m.after}; ${m.entries} ${m.entries === 1 ? 'entry' : 'entries'} from ${from} on will be delivered to it again`,
  );
  return [
    ...lines,
    '',
    `Only ${group} is delivered these entries again; every other group keeps its place.`,
    `Its consumers are idempotent: each remembers the events it processed (processed_events, in the transaction of the`,
    'effect), so an event it had processed is acknowledged and skipped, and only what it had not processed takes effect.',
    'Entries it had been delivered but not acknowledged stay pending as they were (claimed after CONSUMER_CLAIM_IDLE).',
    '',
  ].join('\n');
}
