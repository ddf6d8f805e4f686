import type { TableLoad } from '../copy.ts';
import type { World } from './world.ts';

/** One stage of the large seed: the tables of one center (parents before children), written in one transaction. */
export interface Stage {
  name: string;
  /** About how many rows it writes (for the progress bar). */
  estimate(world: World): number;
  tables(world: World): TableLoad[];
}

/** A typed table load: rows are checked against the table's insert type. */
export const load = <T extends TableLoad['table']>(table: T, rows: () => Iterable<T['$inferInsert']>): TableLoad => ({ table, rows });

/** What a table's row generator yields: the table's insert type (generators are not typed from context). */
export type Rows<T extends TableLoad['table']> = Generator<T['$inferInsert']>;
