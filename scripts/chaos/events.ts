import { Redis } from 'ioredis';
import { CONSUMER_GROUPS, EVENT_STREAMS, STREAM_ENTRY_FIELDS, type ServiceName } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import type { PlatformConfig } from '../../lib/config';
import { streamGroups } from '../../lib/event-consumer';
import { pairValue } from '../../lib/stream-ids';
import type { CheckResult } from './audit';
import { inDatabase } from './audit-db';

/** The services whose databases hold an outbox. */
const PUBLISHERS: ServiceName[] = ['orders', 'users', 'payments', 'inventory'];

/** What is still in flight between the outboxes and the consumer groups (empty when everything is through). */
export async function eventsInFlight(config: PlatformConfig, redis: Redis): Promise<string[]> {
  const left: string[] = [];
  for (const service of PUBLISHERS) {
    const [row] = await inDatabase(config, service, (q) =>
      q<{ n: number }>('select count(*)::int as n from outbox where published_at is null'),
    );
    if (row && row.n > 0) left.push(`${service}: ${row.n} events unpublished`);
  }
  const groups = new Set<string>(Object.values(CONSUMER_GROUPS));
  for (const stream of Object.values(EVENT_STREAMS)) {
    if ((await redis.exists(stream)) === 0) continue;
    for (const g of await streamGroups(redis, stream)) {
      if (!groups.has(g.name) || g.undelivered + g.pending === 0) continue;
      left.push(`${stream} → ${g.name}: ${g.undelivered} undelivered, ${g.pending} unacknowledged`);
    }
  }
  return left;
}

/**
 * Waits (up to `timeoutMs`) until every outbox is published and every consumer group has handled everything, so the
 * audit reads the effects of every event; returns what was still in flight at the deadline.
 */
export async function waitForEvents(config: PlatformConfig, timeoutMs: number): Promise<string[]> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000, lazyConnect: true });
  redis.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  let left: string[] = ['not asked yet'];
  try {
    while (Date.now() < deadline) {
      left = await eventsInFlight(config, redis).catch((err: unknown) => [`not readable: ${(err as Error).message}`]);
      if (left.length === 0) return [];
      await new Promise((r) => setTimeout(r, 1_000));
    }
    return left;
  } finally {
    redis.disconnect();
  }
}

/**
 * Reads every entry of the event streams and checks those about `aggregateIds` (the run's orders and customers):
 * each envelope must match its type's schema (contracts/event-schemas.ts), and each order must have its
 * `order.created` event on the stream.
 */
export async function checkStreamEnvelopes(
  config: PlatformConfig,
  orderIds: string[],
  customerIds: string[],
): Promise<CheckResult> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  redis.on('error', () => undefined);
  const wanted = new Set([...orderIds, ...customerIds]);
  const bad: string[] = [];
  const created = new Set<string>();
  let checked = 0;
  try {
    for (const stream of Object.values(EVENT_STREAMS)) {
      let from = '-';
      for (;;) {
        const entries = (await redis.xrange(stream, from, '+', 'COUNT', 1_000)) as [string, string[]][];
        for (const [id, fields] of entries) {
          const field = (name: string) => pairValue(fields, name);
          const correlationId = field(STREAM_ENTRY_FIELDS.correlationId) ?? '';
          const raw = field(STREAM_ENTRY_FIELDS.event) ?? '';
          let event: { type?: string; data?: { userId?: string } };
          try {
            event = JSON.parse(raw) as typeof event;
          } catch {
            bad.push(`${stream} ${id}: not JSON`);
            continue;
          }
          if (!wanted.has(correlationId) && !wanted.has(event.data?.userId ?? '')) continue;
          checked += 1;
          const problems = eventSchemaProblems(event);
          if (problems.length) bad.push(`${stream} ${id} ${event.type}: ${problems.join('; ')}`);
          if (event.type === 'order.created') created.add(correlationId);
        }
        if (entries.length < 1_000) break;
        from = `(${entries[entries.length - 1]![0]}`;
      }
    }
  } finally {
    redis.disconnect();
  }
  for (const orderId of orderIds) if (!created.has(orderId)) bad.push(`${orderId}: no order.created on the stream`);
  return {
    id: 'event-envelopes',
    title: "every event about the run's orders and customers is on its stream and matches its schema",
    ok: bad.length === 0,
    checked,
    violations: bad.length,
    details: bad.slice(0, 5),
  };
}
