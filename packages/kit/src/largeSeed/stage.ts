import type { PgTable } from 'drizzle-orm/pg-core';
import type { World } from './world.ts';

/**
 * One stage of the large seed: the tables of one center, written in one transaction. Rows come
 * in blocks (a stage that replays the order plans makes each block's plans once and writes every
 * table from them, parents before children, before the next block).
 */
export interface Stage<B = unknown> {
  name: string;
  /** About how many rows it writes (for the progress bar). */
  estimate(world: World): number;
  blocks(world: World): Iterable<B>;
  tables: BlockLoad<B>[];
}

export interface BlockLoad<B> {
  table: PgTable;
  rows(block: B): Iterable<Record<string, unknown>>;
}

/** A typed table load: rows are checked against the table's insert type. */
export const load = <B, T extends PgTable>(table: T, rows: (block: B) => Iterable<T['$inferInsert']>): BlockLoad<B> => ({
  table,
  rows: rows as BlockLoad<B>['rows'],
});

/** What a table's row generator yields: the table's insert type (generators are not typed from context). */
export type Rows<T extends PgTable> = Generator<T['$inferInsert']>;
