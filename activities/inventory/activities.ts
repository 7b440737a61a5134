import { ApplicationFailure, Context } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/core';
import {
  ErrorTypes,
  EVENT_TYPES,
  type InventoryActivities,
  type OrderItemInput,
  type ReservationDto,
  type ReservationState,
  type RestockProductInput,
  type RestockProductResult,
  type StockDto,
  type StockLowData,
  type StockReleaseReason,
  type StockReleasedData,
  type StockReservedData,
} from '../../contracts';
import type { PlatformConfig } from '../../lib/config';
import { domainEvent, writeOutboxEvent } from '../../lib/outbox';
import { StockItem, type Reservation, type Restock } from './entities';

/**
 * Dependencies of the inventory activities and read API; `config.STOCK_LOW_THRESHOLD` is where `stock.low` fires
 * (`DEFAULT_STOCK_LOW_THRESHOLD` without a config).
 */
export interface InventoryDeps {
  orm: MikroORM;
  config?: Pick<PlatformConfig, 'STOCK_LOW_THRESHOLD'>;
}

/** `STOCK_LOW_THRESHOLD` of a caller that passes no config (the setting's default). */
export const DEFAULT_STOCK_LOW_THRESHOLD = 10;

/** Steps of a reservation, each written once into `stock_ledger`. */
export type StockStep = 'reserve' | 'release' | 'commit' | 'restock';

/** Business key of one step of an order's reservation. */
export const ledgerKey = (orderId: string, step: StockStep) => `${orderId}:${step}`;

/** Maps a row to the public DTO. */
export const toStockDto = (s: StockItem): StockDto => ({
  productId: s.productId,
  available: s.available,
  reserved: s.reserved,
  sold: s.sold,
});

/** A reservation as the read API answers it: its lines and state, and when it was made and last changed. */
export interface ReservationRecord extends Omit<ReservationDto, 'attempt'> {
  createdAt: string;
  updatedAt: string;
}

/** Maps a row to the read API's record. */
export const toReservationRecord = (r: Reservation): ReservationRecord => ({
  orderId: r.orderId,
  state: r.state,
  lines: r.lines,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The columns of a `reservations` row the raw SQL below returns (`order_id, lines, state`). */
interface ReservationRow {
  order_id: Reservation['orderId'];
  lines: Reservation['lines'];
  state: Reservation['state'];
}

/** A reservation row as a change returns it: with `updated_at` in ms since the epoch (when its event happened). */
interface ChangedRow extends ReservationRow {
  changed_ms: number;
}

/** The columns a reservation change returns. */
const CHANGED_COLUMNS = 'order_id, lines, state, (extract(epoch from updated_at) * 1000)::float8 as changed_ms';

/** Maps a reservation row to the public DTO, stamped with the activity attempt that answers. */
const toReservationDto = (row: ReservationRow, attempt: number): ReservationDto => ({
  orderId: row.order_id,
  state: row.state,
  lines: row.lines,
  attempt,
});

/** A stock column of `stock_items`. */
type StockColumn = 'available' | 'reserved' | 'sold';

/** Runs one SQL statement inside the current transaction and returns its rows. */
type Sql = <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;

/** Runs `work` in one transaction on a forked EntityManager: every `sql` call shares it; a throw rolls it all back. */
function inTransaction<T>(orm: MikroORM, work: (sql: Sql) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional((em) => {
    const trx = em.getTransactionContext();
    const sql: Sql = (query, params = []) => em.getConnection().execute(query, params, 'all', trx);
    return work(sql);
  });
}

/** Writes a business key once: true when this call wrote it, false when it was there (waits for in-flight writers). */
async function claim(sql: Sql, orderId: string, step: StockStep): Promise<boolean> {
  const rows = await sql(
    `insert into stock_ledger (business_key, order_id) values (?, ?)
     on conflict (business_key) do nothing returning business_key`,
    [ledgerKey(orderId, step), orderId],
  );
  return rows.length === 1;
}

/** Locks and returns the order's reservation row, or null. */
async function lockReservation(sql: Sql, orderId: string): Promise<ReservationRow | null> {
  const rows = await sql<ReservationRow>(
    'select order_id, lines, state from reservations where order_id = ? for update',
    [orderId],
  );
  return rows[0] ?? null;
}

/** Sets the reservation's state and returns the row. */
async function setState(sql: Sql, orderId: string, state: ReservationState): Promise<ChangedRow> {
  const rows = await sql<ChangedRow>(
    `update reservations set state = ?, updated_at = now() where order_id = ? returning ${CHANGED_COLUMNS}`,
    [state, orderId],
  );
  return rows[0]!;
}

/** Where an inventory event comes from: its business key, the order it belongs to, and when its change happened. */
const stockOrigin = (businessKey: string, orderId: string, row: ChangedRow) => ({
  source: 'inventory' as const,
  businessKey,
  correlationId: orderId,
  timestamp: new Date(row.changed_ms),
});

/** Writes `stock.reserved` for a reservation just made (in its transaction). */
const writeReserved = (sql: Sql, row: ChangedRow) =>
  writeOutboxEvent(
    sql,
    domainEvent<StockReservedData>(
      EVENT_TYPES.stockReserved,
      { orderId: row.order_id, lines: row.lines },
      stockOrigin(ledgerKey(row.order_id, 'reserve'), row.order_id, row),
    ),
    row.order_id,
  );

/** The ledger step of each kind of release: its business key is the one of the `stock.released` it publishes. */
const RELEASE_STEPS: Record<StockReleaseReason, StockStep> = {
  RESERVATION_RELEASED: 'release',
  ORDER_RESTOCKED: 'restock',
};

/** Writes `stock.released` for stock an order just gave back (in the transaction of the release or restock). */
const writeReleased = (sql: Sql, row: ChangedRow, reason: StockReleaseReason) =>
  writeOutboxEvent(
    sql,
    domainEvent<StockReleasedData>(
      EVENT_TYPES.stockReleased,
      { orderId: row.order_id, lines: row.lines, reason },
      stockOrigin(ledgerKey(row.order_id, RELEASE_STEPS[reason]), row.order_id, row),
    ),
    row.order_id,
  );

/** Writes `stock.low` for a product the reservation `row` took below the threshold (keyed by product and reservation). */
const writeLow = (sql: Sql, row: ChangedRow, low: Omit<StockLowData, 'orderId'>) =>
  writeOutboxEvent(
    sql,
    domainEvent<StockLowData>(
      EVENT_TYPES.stockLow,
      { ...low, orderId: row.order_id },
      stockOrigin(`${ledgerKey(row.order_id, 'reserve')}:${low.productId}`, row.order_id, row),
    ),
    low.productId,
  );

/** Moves each line's quantity between two stock columns (rows locked in product order: no deadlock between orders). */
async function moveStock(sql: Sql, lines: OrderItemInput[], from: StockColumn, to: StockColumn): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const rows = await sql(
      `update stock_items set "${from}" = "${from}" - ?, "${to}" = "${to}" + ?, updated_at = now()
       where product_id = ? returning product_id`,
      [line.quantity, line.quantity, line.productId],
    );
    if (rows.length !== 1) throw new Error(`stock row of ${line.productId} is missing`);
  }
}

/** A non-retryable failure for a state transition the saga should never ask for. */
const invalidState = (orderId: string, message: string) =>
  ApplicationFailure.nonRetryable(`Reservation of order ${orderId}: ${message}`, ErrorTypes.INVALID_RESERVATION_STATE, {
    orderId,
  });

/** A non-retryable failure for lines no retry can reserve. */
const invalidLines = (message: string) =>
  ApplicationFailure.nonRetryable(message, ErrorTypes.INVALID_RESERVATION_LINES);

/** A non-retryable OUT_OF_STOCK naming the short products. */
const outOfStock = (productIds: string[]) =>
  ApplicationFailure.nonRetryable(`Not enough stock for ${productIds.join(', ')}.`, ErrorTypes.OUT_OF_STOCK, {
    productIds,
  });

/** The reservation of an order whose reserve key the ledger holds: it must exist. */
const missingReservation = (orderId: string) =>
  new Error(`ledger holds ${ledgerKey(orderId, 'reserve')} but order ${orderId} has no reservation`);

/** Validates lines and merges repeated products: one line per product, sorted by product id. */
function normaliseLines(lines: OrderItemInput[]): OrderItemInput[] {
  if (!Array.isArray(lines) || lines.length === 0) throw invalidLines('A reservation needs at least one line.');
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    if (typeof productId !== 'string' || productId === '' || !Number.isSafeInteger(quantity) || quantity <= 0) {
      throw invalidLines(`Invalid reservation line for product ${String(productId)}: quantity ${String(quantity)}.`);
    }
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  }
  return [...merged].sort(([a], [b]) => a.localeCompare(b)).map(([productId, quantity]) => ({ productId, quantity }));
}

/** One forward move of a reservation: its ledger step, the states it goes between, and the stock it moves. */
interface Move {
  step: 'commit' | 'restock';
  from: ReservationState;
  to: ReservationState;
  /** States in which the move already happened (answered as they are). */
  settled: ReservationState[];
  stock: [StockColumn, StockColumn];
  /** The `stock.released` reason of a move that gives stock back to `available`. */
  released?: StockReleaseReason;
}

/** Most units one restock may add. */
export const MAX_RESTOCK_QUANTITY = 100_000;

/** A `restocks` row as raw SQL returns it (`returning *`). */
interface RestockRow {
  restock_id: Restock['restockId'];
  product_id: Restock['productId'];
  quantity: Restock['quantity'];
  available_after: Restock['availableAfter'];
  created_at: Restock['createdAt'];
}

/** Maps a restock row to the answer of `restockProduct`. */
const toRestockResult = (row: RestockRow): RestockProductResult => ({
  restockId: row.restock_id,
  productId: row.product_id,
  quantity: row.quantity,
  availableAfter: row.available_after,
  restockedAt: new Date(row.created_at).toISOString(),
});

/** A non-retryable INVALID_RESTOCK (a bad request, or a restock id reused for another restock). */
const invalidRestock = (message: string) => ApplicationFailure.nonRetryable(message, ErrorTypes.INVALID_RESTOCK);

/** Refuses what no retry can apply: a restock id that cannot be stored, a quantity not in 1..MAX_RESTOCK_QUANTITY. */
function checkRestock({ restockId, productId, quantity }: RestockProductInput): void {
  const problem =
    typeof restockId !== 'string' || restockId.length < 1 || restockId.length > 100
      ? 'restockId must be 1-100 characters'
      : typeof productId !== 'string' || productId === ''
        ? 'productId is required'
        : !Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_RESTOCK_QUANTITY
          ? `quantity must be a whole number from 1 to ${MAX_RESTOCK_QUANTITY}, not ${String(quantity)}`
          : undefined;
  if (problem) throw invalidRestock(`Invalid restock: ${problem}.`);
}

/** Builds the inventory activities; each call forks its own EntityManager and runs in one transaction. */
export function createInventoryActivities({ orm, config }: InventoryDeps): InventoryActivities {
  const attempt = () => Context.current().info.attempt;
  const lowThreshold = config?.STOCK_LOW_THRESHOLD ?? DEFAULT_STOCK_LOW_THRESHOLD;

  /** Moves a reservation one state forward, once under its ledger step; one already `settled` is returned as is. */
  const advance = (orderId: string, move: Move) =>
    inTransaction(orm, async (sql) => {
      const row = await lockReservation(sql, orderId);
      if (!row || row.lines.length === 0) throw invalidState(orderId, `there is no reservation to ${move.step}`);
      if (move.settled.includes(row.state)) return toReservationDto(row, attempt());
      if (row.state !== move.from) throw invalidState(orderId, `cannot ${move.step} a ${row.state} reservation`);
      if (!(await claim(sql, orderId, move.step))) {
        throw invalidState(orderId, `ledger already holds the ${move.step} of a ${move.from} reservation`);
      }
      await moveStock(sql, row.lines, ...move.stock);
      const changed = await setState(sql, orderId, move.to);
      if (move.released) await writeReleased(sql, changed, move.released);
      return toReservationDto(changed, attempt());
    });

  return {
    async getStock(productIds: string[]): Promise<StockDto[]> {
      const where = { productId: { $in: productIds } };
      const rows = await orm.em.fork().find(StockItem, where, { orderBy: { productId: 'asc' } });
      return rows.map(toStockDto);
    },

    async reserveStock({ orderId, lines: input }): Promise<ReservationDto> {
      const lines = normaliseLines(input);
      return inTransaction(orm, async (sql) => {
        if (!(await claim(sql, orderId, 'reserve'))) {
          const stored = await lockReservation(sql, orderId);
          if (!stored) throw missingReservation(orderId);
          return toReservationDto(stored, attempt());
        }
        const ids = lines.map((l) => l.productId);
        const stock = await sql<{ product_id: string; available: number }>(
          `select product_id, available from stock_items
           where product_id in (${ids.map(() => '?').join(', ')}) order by product_id for update`,
          ids,
        );
        const available = new Map(stock.map((s) => [s.product_id, s.available]));
        const short = lines.filter((l) => (available.get(l.productId) ?? 0) < l.quantity).map((l) => l.productId);
        // Throwing rolls back the whole transaction, the ledger row included, so nothing of this order is held.
        if (short.length > 0) throw outOfStock(short);
        const low: Omit<StockLowData, 'orderId'>[] = [];
        for (const line of lines) {
          const rows = await sql<{ available: number }>(
            `update stock_items set available = available - ?, reserved = reserved + ?, updated_at = now()
             where product_id = ? and available >= ? returning available`,
            [line.quantity, line.quantity, line.productId, line.quantity],
          );
          if (rows.length !== 1) throw outOfStock([line.productId]);
          const after = rows[0]!.available;
          // this reservation crossed the threshold: it found at least that many units and leaves fewer
          if (after + line.quantity >= lowThreshold && after < lowThreshold) {
            low.push({ productId: line.productId, available: after, threshold: lowThreshold });
          }
        }
        const [row] = await sql<ChangedRow>(
          `insert into reservations (order_id, lines, state) values (?, ?::jsonb, 'RESERVED')
           returning ${CHANGED_COLUMNS}`,
          [orderId, JSON.stringify(lines)],
        );
        await writeReserved(sql, row!);
        for (const product of low) await writeLow(sql, row!, product);
        return toReservationDto(row!, attempt());
      });
    },

    async releaseReservation({ orderId }): Promise<ReservationDto | null> {
      return inTransaction(orm, async (sql) => {
        // Claiming the reserve key waits for an in-flight reserveStock of this order; if none ever ran, it bars a late
        // (timed-out) attempt from reserving after its compensation: it finds this empty RELEASED reservation instead.
        if (await claim(sql, orderId, 'reserve')) {
          await sql(`insert into reservations (order_id, lines, state) values (?, '[]'::jsonb, 'RELEASED')`, [orderId]);
          await claim(sql, orderId, 'release');
          return null;
        }
        const row = await lockReservation(sql, orderId);
        if (!row) throw missingReservation(orderId);
        if (row.lines.length === 0) return null; // the marker written above: there never was a reservation
        if (row.state === 'RELEASED') return toReservationDto(row, attempt());
        if (row.state !== 'RESERVED') throw invalidState(orderId, `cannot release a ${row.state} reservation`);
        if (!(await claim(sql, orderId, 'release'))) {
          throw invalidState(orderId, 'ledger already holds the release of a RESERVED reservation');
        }
        await moveStock(sql, row.lines, 'reserved', 'available');
        const released = await setState(sql, orderId, 'RELEASED');
        await writeReleased(sql, released, 'RESERVATION_RELEASED');
        return toReservationDto(released, attempt());
      });
    },

    commitReservation: ({ orderId }) =>
      advance(orderId, {
        step: 'commit',
        from: 'RESERVED',
        to: 'COMMITTED',
        settled: ['COMMITTED', 'RESTOCKED'],
        stock: ['reserved', 'sold'],
      }),

    restockOrder: ({ orderId }) =>
      advance(orderId, {
        step: 'restock',
        from: 'COMMITTED',
        to: 'RESTOCKED',
        settled: ['RESTOCKED'],
        stock: ['sold', 'available'],
        released: 'ORDER_RESTOCKED',
      }),

    async restockProduct(input: RestockProductInput): Promise<RestockProductResult> {
      checkRestock(input);
      const { restockId, productId, quantity } = input;
      return inTransaction(orm, async (sql) => {
        // Lock the product first: restocks and reservations of one product apply one after the other, so the
        // availability written beside the restock is the one its update leaves.
        const [stock] = await sql<{ available: number }>(
          'select available from stock_items where product_id = ? for update',
          [productId],
        );
        if (!stock) {
          throw ApplicationFailure.nonRetryable(`Unknown product: ${productId}`, ErrorTypes.UNKNOWN_PRODUCT, {
            missing: [productId],
          });
        }
        // The restock id under its primary key waits for an in-flight restock of the same id, then finds it stored.
        const [claimed] = await sql<RestockRow>(
          `insert into restocks (restock_id, product_id, quantity, available_after) values (?, ?, ?, ?)
           on conflict (restock_id) do nothing returning *`,
          [restockId, productId, quantity, stock.available + quantity],
        );
        if (!claimed) {
          const [done] = await sql<RestockRow>('select * from restocks where restock_id = ?', [restockId]);
          if (done!.product_id !== productId || done!.quantity !== quantity) {
            throw invalidRestock(`Restock ${restockId} already added ${done!.quantity} of ${done!.product_id}.`);
          }
          return toRestockResult(done!); // a retry or a resubmission: the units are already added
        }
        await sql('update stock_items set available = available + ?, updated_at = now() where product_id = ?', [
          quantity,
          productId,
        ]);
        return toRestockResult(claimed);
      });
    },
  };
}
