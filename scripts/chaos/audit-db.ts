import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { ServiceName } from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import type { AuditInput, MoneyRow, NotificationRow, OrderRow, ReservationRow, StockRow, TimelineRow } from './audit';

/** The superuser password of the stack's embedded cluster (`<DATA_DIR>/secrets/postgres.json`, field `superuser`). */
export function superuserPassword(dataDir: string): string {
  return (JSON.parse(readFileSync(path.join(dataDir, 'secrets', 'postgres.json'), 'utf8')) as { superuser: string })
    .superuser;
}

/** Runs `work` on one service database as the superuser `postgres`, in one read-only repeatable-read transaction (one snapshot), bounded in time. */
export async function inDatabase<T>(
  config: PlatformConfig,
  database: ServiceName,
  work: (q: <R>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: '127.0.0.1',
    port: config.POSTGRES_PORT,
    user: 'postgres',
    password: superuserPassword(config.DATA_DIR),
    database,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 30_000,
    query_timeout: 35_000,
  });
  client.on('error', () => undefined); // a server that dies mid-audit fails the query, not the process
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const result = await work(
      async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    );
    await client.query('commit');
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Stock of every product, with the units its restocks added (one statement: one snapshot of both tables). */
const STOCK_SQL = `select s.product_id, s.available, s.reserved, s.sold,
  coalesce((select sum(r.quantity) from restocks r where r.product_id = s.product_id), 0)::int as restocked
  from stock_items s order by s.product_id`;

/** Stock of every product, with its restocked units (inventory database). */
export const readStock = (config: PlatformConfig): Promise<StockRow[]> =>
  inDatabase(config, 'inventory', (q) => q<StockRow>(STOCK_SQL));

/**
 * Reads, as the superuser, everything the audit checks: the customers' orders; the charges, refunds and notifications of
 * those orders and of `acceptedIds` (orders some answer accepted, recorded or not); all reservations and stock, in one snapshot.
 */
export async function readAuditRows(
  config: PlatformConfig,
  customerIds: string[],
  acceptedIds: string[],
): Promise<Omit<AuditInput, 'submitted' | 'cancelAccepted' | 'shipSignalled' | 'stockBefore'>> {
  const orders = await inDatabase(config, 'orders', (q) =>
    q<OrderRow>(
      'select id, customer_id, idempotency_key, status, failure_reason, total_cents from orders where customer_id = any($1::text[])',
      [customerIds],
    ),
  );
  const ids = [...new Set([...orders.map((o) => o.id), ...acceptedIds])];
  const timeline = await inDatabase(config, 'orders', (q) =>
    q<TimelineRow>('select order_id, type from order_events where order_id = any($1::text[])', [ids]),
  );
  const { reservations, stockAfter } = await inDatabase(config, 'inventory', async (q) => ({
    reservations: await q<ReservationRow>('select order_id, state, lines from reservations'),
    stockAfter: await q<StockRow>(STOCK_SQL),
  }));
  const { charges, refunds } = await inDatabase(config, 'payments', async (q) => ({
    charges: await q<MoneyRow>('select order_id, amount_cents from charges where order_id = any($1::text[])', [ids]),
    refunds: await q<MoneyRow>('select order_id, amount_cents from refunds where order_id = any($1::text[])', [ids]),
  }));
  const notifications = await inDatabase(config, 'notifications', (q) =>
    q<NotificationRow>(
      "select payload->>'orderId' as order_id, template from notifications where payload->>'orderId' = any($1::text[])",
      [ids],
    ),
  );
  return { orders, reservations, stockAfter, charges, refunds, notifications, timeline };
}
