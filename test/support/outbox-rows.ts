import type { MikroORM } from '@mikro-orm/core';
import type { DomainEvent } from '../../contracts';

/** One row of a service's `outbox` as the tests read it. */
export interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  event: DomainEvent;
  published_at: Date | null;
}

/**
 * The outbox rows of `orm`'s database where `field` (a SQL expression on the row, e.g.
 * `event -> 'metadata' ->> 'correlationId'`) equals `value`, oldest first.
 */
export const outboxRows = (orm: MikroORM, field: string, value: string): Promise<OutboxRow[]> =>
  orm.em
    .getConnection()
    .execute(
      `select id, type, aggregate_id, event, published_at from outbox where ${field} = ? order by created_at, id`,
      [value],
    );
