import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/core';
import type { PlatformConfig } from '../lib/config';
import { EventConsumer, type ConsumerDefinition } from '../lib/event-consumer';
import type { Logger } from '../lib/logger';
import { OUTBOX_CHANNEL } from '../lib/outbox';
import { OutboxRelay } from '../lib/outbox-relay';
import { PgListener } from '../lib/pg-listener';
import { createRedis } from '../lib/redis';
import { ormTransaction } from '../lib/sql-transaction';

/** What a service process runs for its events: the relay of its outbox, its consumer groups, and their readiness. */
export interface ServiceEvents {
  /** `/ready`'s `events` check: the relay's lag (failing past `OUTBOX_LAG_LIMIT`) and each group's lag. */
  check: () => Promise<Record<string, unknown>>;
  stop: () => Promise<void>;
}

/** Where a service's events come from and go to. */
export interface ServiceEventsOptions {
  orm: MikroORM;
  config: PlatformConfig;
  logger: Logger;
  /** The service's database URL (the relay LISTENs there for commits). */
  databaseUrl: string;
  publishesEvents: boolean;
  consumers: ConsumerDefinition[];
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts the outbox relay (when the service publishes events), woken by each commit's `pg_notify`, and one consumer
 * per group the service runs, each on a Redis connection of its own (their reads block).
 */
export function startServiceEvents(options: ServiceEventsOptions): ServiceEvents {
  const { orm, config, logger } = options;
  const transaction = ormTransaction(orm);
  const redis = createRedis(config.redisUrl, logger);
  let relay: OutboxRelay | undefined;
  let listener: PgListener | undefined;
  if (options.publishesEvents) {
    relay = new OutboxRelay({
      transaction,
      redis,
      logger: logger.child({ part: 'outbox-relay' }),
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
      retentionMs: config.OUTBOX_RETENTION,
      streamMaxLength: config.EVENT_STREAM_MAX_LENGTH,
    });
    const started = relay;
    listener = new PgListener(options.databaseUrl, OUTBOX_CHANNEL, () => started.wake(), logger);
    relay.start();
    listener.start();
  }
  const consumers = options.consumers.map((definition) => {
    const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000 });
    connection.on('error', (err: Error) => logger.debug({ err: err.message }, 'consumer redis error'));
    const consumer = new EventConsumer({
      definition,
      redis: connection,
      transaction,
      logger: logger.child({ part: 'consumer', group: definition.group }),
      claimIdleMs: config.CONSUMER_CLAIM_IDLE,
    });
    consumer.start();
    return { consumer, connection };
  });

  return {
    async check() {
      const detail: Record<string, unknown> = {};
      if (relay) {
        const lag = await relay.lag();
        if (lag.oldestAgeMs > config.OUTBOX_LAG_LIMIT) {
          throw new Error(`outbox relay behind: ${lag.pending} events unpublished, oldest ${lag.oldestAgeMs} ms`);
        }
        detail.outbox = lag;
      }
      for (const { consumer } of consumers) {
        detail[`group ${consumer.group}`] = await consumer
          .lag(redis)
          .catch((err: unknown) => ({ error: messageOf(err) }));
      }
      return detail;
    },
    async stop() {
      await listener?.stop();
      await relay?.stop();
      await Promise.all(consumers.map(({ consumer }) => consumer.stop()));
      for (const { connection } of consumers) connection.disconnect();
      redis.disconnect();
    },
  };
}
