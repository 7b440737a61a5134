import type { EntityManager, MikroORM } from '@mikro-orm/core';

/** Runs one SQL statement (`?` placeholders) inside the caller's transaction and returns its rows. */
export type TransactionalExecute = (sql: string, params: unknown[]) => Promise<unknown>;

/** Runs `fn` in one database transaction, handing it a way to run SQL in that transaction. */
export type TransactionRunner = <T>(fn: (execute: TransactionalExecute) => Promise<T>) => Promise<T>;

/** Runs SQL statements in `em`'s transaction. */
export const inTransaction =
  (em: EntityManager): TransactionalExecute =>
  (sql, params) =>
    em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

/** A transaction runner over a service's ORM: each call forks an EntityManager and commits when `fn` resolves. */
export const ormTransaction =
  (orm: MikroORM): TransactionRunner =>
  (fn) =>
    orm.em.fork().transactional((em) => fn(inTransaction(em)));
